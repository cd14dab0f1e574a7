#!/usr/bin/env node
// The `kiosk` command. The daemon runs from its TypeScript sources through tsx (Node 20 cannot strip
// types itself), so there is no build step between editing and running.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
