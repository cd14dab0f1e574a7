#!/usr/bin/env node
// The `kiosk` command. The daemon runs from its TypeScript sources through tsx (Node 20 cannot strip
// types itself), so there is no build step between editing and running.
import { register } from 'tsx/esm/api';

register();
const args = process.argv.slice(2);
if (args[0] === 'hall') {
  // The hall server is its own workspace (it depends on the daemon, not the other way round), loaded
  // only for `kiosk hall …`: a kiosk never loads it, and the daemon's sources never name it.
  const { hallCommand } = await import('@hall-kiosk/hall-server/cli');
  process.exitCode = await hallCommand(args.slice(1));
} else {
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(args);
}
