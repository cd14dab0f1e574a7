// The installed daemon runs with the Node options of packaging/node-flags.ts (its memory figure in
// docs/performance.md is measured with them): the systemd unit must pass the same ones.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DAEMON_NODE_FLAGS } from '../../packaging/node-flags.ts';

describe('the Node options of the installed daemon', () => {
  it('are the ones the systemd unit starts it with', () => {
    const unit = readFileSync(new URL('../../packaging/systemd/hall-kiosk.service', import.meta.url), 'utf8');
    const execStart = /^ExecStart=(.*)$/m.exec(unit)?.[1] ?? '';
    expect(DAEMON_NODE_FLAGS.length).toBeGreaterThan(0);
    expect(execStart).toBe(
      `/usr/bin/node ${DAEMON_NODE_FLAGS.join(' ')} /opt/hall-kiosk/current/device-daemon/dist/main.js start --config /etc/hall-kiosk/config.json`,
    );
  });
});
