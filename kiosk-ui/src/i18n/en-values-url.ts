/**
 * Where the kiosk page fetches its English texts: a JSON list, the values of en-values.ts in the
 * order of zh.ts's keys. The page's build writes the list as a file of its own
 * (assets/en-values-<hash>.json) and puts that file's address here instead
 * (kiosk-ui/vite-plugins/catalogue-values.ts); `vite` (dev) answers this address with the list as
 * en-values.ts computes it at that moment.
 */
export default '/@kiosk/en-values.json';
