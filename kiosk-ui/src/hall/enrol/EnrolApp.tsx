import { useEffect, useState } from 'preact/hooks';
import { EnrolledDevice, EnrolResponse } from '@hall-kiosk/shared';
import { HallApiError, hallRequest } from '../common/hall-api.ts';
import { words } from '../common/text.ts';
import { DEVICE_PAGES, navigate } from '../devices.ts';
import { MESSAGES } from './messages.ts';

const zh = words(MESSAGES, 'zh');
const en = words(MESSAGES, 'en');
type Key = keyof typeof MESSAGES;

/** The code as typed: letters upper case, grouped XXXX-XXXX-XXXX as the admin page shows it. */
export function formatCode(raw: string): string {
  const chars = raw
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .slice(0, 12);
  return chars.match(/.{1,4}/g)?.join('-') ?? '';
}

/**
 * The first page of a zone display or rating pad: the one-time code from the admin page is traded
 * for the device's credential (an HttpOnly cookie set by `POST /api/enrol`), then the device opens
 * its page by its kind. A device already enrolled goes straight there.
 */
export function EnrolApp() {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ key: Key; params?: Record<string, string> } | null>(null);

  useEffect(() => {
    document.title = `${zh('title')} ${en('title')}`;
    if (new URLSearchParams(window.location.search).has('again')) return;
    hallRequest('GET', '/api/device/me', { schema: EnrolledDevice })
      .then((d) => {
        if (d.kind !== 'kiosk') navigate.to(DEVICE_PAGES[d.kind]);
      })
      .catch(() => undefined);
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (code.replace(/-/g, '').length !== 12) return setMessage({ key: 'tooShort' });
    setBusy(true);
    setMessage(null);
    try {
      const r = await hallRequest('POST', '/api/enrol', { body: { code }, schema: EnrolResponse });
      if (r.device.kind === 'kiosk') {
        setMessage({ key: 'kiosk' });
      } else {
        setMessage({ key: 'enrolled', params: { id: r.device.id } });
        navigate.to(DEVICE_PAGES[r.device.kind]);
      }
    } catch (err) {
      if (err instanceof HallApiError && err.code === 'badCode') setMessage({ key: 'badCode' });
      else if (err instanceof HallApiError && err.code === 'locked') {
        const seconds = Number(err.body?.['retryAfterSeconds']);
        const minutes = Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : 10;
        setMessage({ key: 'locked', params: { minutes: String(minutes) } });
      } else if (err instanceof HallApiError && err.status === 0) setMessage({ key: 'unreachable' });
      else setMessage({ key: 'refused', params: { reason: (err as Error).message } });
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="hall-device enrol">
      <h1>
        {zh('title')} <span class="en">{en('title')}</span>
      </h1>
      <p class="lead">
        {zh('lead')}
        <br />
        <span class="en">{en('lead')}</span>
      </p>
      <form onSubmit={(e) => void submit(e)}>
        <label for="code">
          {zh('codeLabel')} <span class="en">{en('codeLabel')}</span>
        </label>
        <input
          id="code"
          class="enrol-code"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          inputMode="text"
          placeholder="XXXX-XXXX-XXXX"
          value={code}
          onInput={(e) => setCode(formatCode((e.target as HTMLInputElement).value))}
        />
        <button class="button primary huge" type="submit" disabled={busy}>
          {busy ? `${zh('working')} ${en('working')}` : `${zh('submit')} ${en('submit')}`}
        </button>
      </form>
      {message && (
        <p class="enrol-message" role="alert" data-testid="enrol-message">
          {zh(message.key, message.params)}
          <br />
          <span class="en">{en(message.key, message.params)}</span>
        </p>
      )}
    </main>
  );
}
