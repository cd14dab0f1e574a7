import { en } from './en.ts';
import { zh, type MessageKey } from './zh.ts';

/**
 * The kiosk page's English texts as it loads them, once the attract screen is up: the values of en.ts
 * in the order of zh.ts's keys, which the page already has (kiosk-catalogues.ts puts the two together
 * again). The page's build writes this list as a JSON file of its own
 * (kiosk-ui/vite-plugins/catalogue-values.ts), so the file carries neither the keys nor en.ts: the
 * keys were a quarter of the English file's gzipped bytes (docs/performance.md).
 */
export default (Object.keys(zh) as MessageKey[]).map((key) => en[key]);
