import { DEVICE_NAMES } from '@hall-kiosk/shared/browser';
import type { DeviceName, DeviceStatus } from '@hall-kiosk/shared';
import type { Translate } from '../i18n/i18n.ts';
import type { MessageKey } from '../i18n/zh.ts';
import { deviceStillStarting } from '../flows/session/session.machine.ts';

const DEVICE_TEXT: Record<DeviceName, MessageKey> = {
  idCardReader: 'device.idCardReader',
  receiptPrinter: 'device.receiptPrinter',
  ticketPrinter: 'device.ticketPrinter',
  scanner: 'device.scanner',
};
const VERDICT_TEXT = { ok: 'selfTest.ok', waiting: 'selfTest.waiting', failed: 'selfTest.failed' } as const;

/**
 * At boot, before the first citizen: each configured device and whether it answered. The kiosk
 * invites people once every device has been tried (online, or a definite fault), or once the
 * self-test's time is up; a device that is not working is shown as such, and the screens that need it
 * say so.
 */
export function SelfTestScreen({
  t,
  devices,
  bar,
}: {
  t: Translate;
  devices: Partial<Record<DeviceName, DeviceStatus>>;
  bar: preact.ComponentChildren;
}) {
  const configured = DEVICE_NAMES.filter((d) => devices[d] !== undefined);
  return (
    <div class="self-test">
      {bar}
      <main class="self-test-main">
        <h1>{t('selfTest.title')}</h1>
        <p class="self-test-hint">{t('selfTest.hint')}</p>
        <ul class="self-test-devices" data-testid="self-test-devices">
          {configured.map((d) => {
            const s = devices[d]!;
            const verdict = s.state === 'online' ? 'ok' : deviceStillStarting(s) ? 'waiting' : 'failed';
            return (
              <li key={d} data-device={d} data-state={s.state} class={verdict}>
                <span class="self-test-device">{t(DEVICE_TEXT[d])}</span>
                <span class="self-test-state">{t(VERDICT_TEXT[verdict])}</span>
              </li>
            );
          })}
        </ul>
      </main>
    </div>
  );
}
