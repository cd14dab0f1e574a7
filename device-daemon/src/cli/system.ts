import { parseArgs } from 'node:util';
import { deviceAccessDropIn } from '../system/systemd-units.ts';
import { DEFAULT_UDEV_OPTIONS, udevRules } from '../system/udev-rules.ts';
import { loadCommandConfig } from './shared.ts';

/** `kiosk udev-rules [--config FILE] [--serial-group G] [--hid-group G]`: stable device names, printed. */
export function udevRulesCommand(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      'serial-group': { type: 'string' },
      'hid-group': { type: 'string' },
    },
  });
  const config = loadCommandConfig(values.config);
  process.stdout.write(
    udevRules(config.devices, {
      serialGroup: values['serial-group'] ?? DEFAULT_UDEV_OPTIONS.serialGroup,
      hidGroup: values['hid-group'] ?? DEFAULT_UDEV_OPTIONS.hidGroup,
    }),
  );
  return 0;
}

/** `kiosk device-access [--config FILE]`: the systemd drop-in that lets the daemon open its devices only. */
export function deviceAccessCommand(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string' } } });
  process.stdout.write(deviceAccessDropIn(loadCommandConfig(values.config).devices));
  return 0;
}
