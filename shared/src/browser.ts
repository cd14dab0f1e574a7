/**
 * What the kiosk page takes from this package as values: the daemon-message check and plain
 * constants and helpers, none of which imports zod (types come from the main entry, which the page
 * imports for types only). eslint.config.js keeps the page's value imports on this entry.
 */
export * from './vocabulary.ts';
export { SCREENS, type ScreenId } from './screens.ts';
// Not `localMoment`: it makes an Intl object, which the kiosk page does without (momentAt).
export { momentAt, minutesOf, hhmm, type LocalMoment } from './local-time.ts';
export {
  parseDaemonMessage,
  parseKioskBoot,
  KIOSK_BOOT_ID,
  type KioskBoot,
} from './protocol/daemon-message.ts';
export { ISSUE_TICKET_TIMEOUT_MS } from './protocol/timeouts.ts';
