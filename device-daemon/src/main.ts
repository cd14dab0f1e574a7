// The production entry: `npm run build` bundles this file into device-daemon/dist/main.js, which an
// installed kiosk runs with plain `node` (development runs bin/kiosk.js through tsx instead).
import { main } from './cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
