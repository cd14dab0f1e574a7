import { describe, expect, it } from 'vitest';
import { hostAllowed, listenerNames, originAllowed } from '../src/api/request-guard.ts';

const req = (headers: Record<string, string>) => ({ headers });

describe('Host and Origin checks', () => {
  const names = listenerNames('http', 8080);

  it('accepts the loopback names with the port, in any case', () => {
    for (const host of ['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST:8080', '[::1]:8080'])
      expect(hostAllowed(req({ host }), names)).toBe(true);
  });

  it('refuses other names, other ports and a missing Host (DNS rebinding)', () => {
    for (const host of [
      'attacker.example',
      'attacker.example:8080',
      '127.0.0.1:8081',
      '127.0.0.1',
      '192.168.1.20:8080',
    ])
      expect(hostAllowed(req({ host }), names)).toBe(false);
    expect(hostAllowed(req({}), names)).toBe(false);
  });

  it('accepts names configured for the LAN, and bare names on the default port', () => {
    const lan = listenerNames('https', 443, ['kiosk-07.hall.lan', 'fe80::1']);
    for (const host of ['kiosk-07.hall.lan', 'kiosk-07.hall.lan:443', '[fe80::1]:443', '127.0.0.1'])
      expect(hostAllowed(req({ host }), lan)).toBe(true);
    expect(originAllowed(req({ origin: 'https://kiosk-07.hall.lan' }), lan, { allowMissing: false })).toBe(
      true,
    );
  });

  it('Origin: only our own page; a missing one only where allowed', () => {
    expect(originAllowed(req({ origin: 'http://127.0.0.1:8080' }), names, { allowMissing: false })).toBe(
      true,
    );
    expect(originAllowed(req({ origin: 'http://localhost:8080' }), names, { allowMissing: false })).toBe(
      true,
    );
    for (const origin of [
      'http://attacker.example',
      'null',
      'http://127.0.0.1:8081',
      'https://127.0.0.1:8080',
    ])
      expect(originAllowed(req({ origin }), names, { allowMissing: true })).toBe(false);
    expect(originAllowed(req({}), names, { allowMissing: false })).toBe(false);
    expect(originAllowed(req({}), names, { allowMissing: true })).toBe(true);
  });
});
