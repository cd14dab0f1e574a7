import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configJsonSchema, loadConfigFile, parseConfig } from '../src/config/load.ts';

const problems = (value: unknown): string[] => {
  try {
    parseConfig(value, 'test.json', '/tmp');
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('configuration', () => {
  it('fills every default from an empty object: loopback, 9 areas, Asia/Shanghai', () => {
    const c = parseConfig({}, 'x', '/srv/kiosk');
    expect(c.server).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(c.areas.map((a) => a.prefix).join('')).toBe('ABCDEFGHI');
    expect(c.hall.timeZone).toBe('Asia/Shanghai');
    expect(c.dataDir).toBe('/srv/kiosk/.kiosk-data');
  });

  it('accepts each connection kind', () => {
    const c = parseConfig(
      {
        devices: {
          ticketPrinter: { connection: { serial: '/dev/ttyUSB0' } },
          receiptPrinter: { connection: { tcp: '192.168.1.60:9100' } },
          scanner: { connection: { hid: { vendorId: '0x0c2e', productId: '0x0b8f' } } },
          idCardReader: { connection: { emulated: {} } },
        },
      },
      'x',
      '/',
    );
    expect(c.devices.ticketPrinter?.connection).toEqual({ serial: '/dev/ttyUSB0', baudRate: 115200 });
    expect(c.devices.ticketPrinter?.paperWidth).toBe(80);
  });

  it.each([
    [{ server: { port: '80' } }, 'server.port: Invalid input: expected number, received string'],
    [
      { devices: { ticketPrinter: { connection: { serial: '/dev/x', baudRate: 12345 } } } },
      'devices.ticketPrinter.connection.baudRate',
    ],
    [
      { devices: { ticketPrinter: { connection: { tcp: 'printer' } } } },
      'devices.ticketPrinter.connection.tcp: must be host:port',
    ],
    [{ devices: { ticketPrinter: { connection: { tcp: 'printer:70000' } } } }, 'port of 1–65535'],
    [
      { devices: { scanner: { connection: { hid: { vendorId: '3118', productId: '0x0b8f' } } } } },
      'devices.scanner.connection.hid.vendorId',
    ],
    [{ devices: { printer: {} } }, 'devices: Unrecognized key: "printer"'],
    [{ devices: { ticketPrinter: { connection: {} } } }, 'devices.ticketPrinter.connection'],
    [
      { devices: { ticketPrinter: { connection: { serial: '/dev/x' }, paperWidth: 76 } } },
      'devices.ticketPrinter.paperWidth',
    ],
    [
      { hall: { name: { zh: '中心', en: 'Centre' }, timeZone: 'Mars/Base' } },
      'hall.timeZone: must be an IANA time zone',
    ],
    [
      {
        areas: [
          { id: 'tax', prefix: 'A', name: { zh: '税', en: 'Tax' } },
          { id: 'tax', prefix: 'B', name: { zh: '税', en: 'Tax' } },
        ],
      },
      'areas: area ids must be unique',
    ],
    [{ areas: [{ id: 'tax', prefix: 'AB', name: { zh: '税', en: 'Tax' } }] }, 'areas.0.prefix'],
  ])('names the field in error %#', (value, expected) => {
    const found = problems(value);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toContain(expected);
  });

  it('refuses credentials in an outbound URL and plain http beyond this machine, without repeating the password', () => {
    const found = problems({
      ratings: { endpoint: { url: 'https://kiosk:s3cret@ratings.example/evaluations' } },
      appointments: { source: { url: 'http://bookings.example/api' }, digestKey: 'a-long-key' },
    });
    expect(found).toEqual([
      expect.stringMatching(/^ratings\.endpoint\.url: must not carry a user name or password/),
      expect.stringMatching(/^appointments\.source\.url: must be https:\/\//),
    ]);
    expect(found.join('\n')).not.toContain('s3cret');
    expect(problems({ ratings: { endpoint: { url: 'http://127.0.0.1:9000/evaluations' } } })).toEqual([]);
  });

  it('resolves client certificate files relative to the configuration file', () => {
    const c = parseConfig(
      {
        ratings: {
          endpoint: {
            url: 'https://ratings.example/evaluations',
            auth: {
              headerToken: { value: 'Bearer t' },
              clientCertificate: { certFile: 'tls/kiosk.pem', keyFile: '/etc/kiosk/kiosk.key' },
            },
          },
        },
      },
      'x',
      '/srv/kiosk',
    );
    expect(c.ratings?.endpoint.auth).toEqual({
      headerToken: { name: 'authorization', value: 'Bearer t' },
      clientCertificate: { certFile: '/srv/kiosk/tls/kiosk.pem', keyFile: '/etc/kiosk/kiosk.key' },
    });
  });

  it('takes queue.mode "hall" only with the hall server named, https only, credential file in dataDir by default', () => {
    expect(parseConfig({}, 'x', '/srv/kiosk').queue.mode).toBe('local');
    expect(problems({ queue: { mode: 'hall' } })).toEqual([
      expect.stringMatching(/^queue\.mode: "hall" .*hall\.server\.url is required/),
    ]);
    expect(problems({ queue: { mode: 'elsewhere' } })[0]).toMatch(/^queue\.mode/);
    const name = { zh: '大厅', en: 'Hall' };
    expect(
      problems({ queue: { mode: 'hall' }, hall: { name, server: { url: 'http://hall.local:8443' } } })[0],
    ).toMatch(/^hall\.server\.url/);
    const c = parseConfig(
      { queue: { mode: 'hall' }, hall: { name, server: { url: 'https://hall.local:8443' } } },
      'x',
      '/srv/kiosk',
    );
    expect(c.hall.server).toEqual({
      url: 'https://hall.local:8443',
      credentialFile: '/srv/kiosk/.kiosk-data/hall-credential.json',
      timeoutMs: 5000,
      attempts: 3,
      offlineSyncMs: 5000,
    });
    const own = parseConfig(
      { hall: { name, server: { url: 'https://hall.local:8443', credentialFile: 'etc/hall.json' } } },
      'x',
      '/srv/kiosk',
    );
    expect(own.hall.server?.credentialFile).toBe('/srv/kiosk/etc/hall.json');
  });

  it('reports an unreadable file and broken JSON clearly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    expect(() => loadConfigFile(join(dir, 'missing.json'))).toThrow(/cannot read the file: ENOENT/);
    writeFileSync(join(dir, 'broken.json'), '{ "server": ');
    expect(() => loadConfigFile(join(dir, 'broken.json'))).toThrow(/not valid JSON/);
  });

  it('ships a JSON Schema that matches the validator', () => {
    const shipped = JSON.parse(
      readFileSync(new URL('../config/config.schema.json', import.meta.url), 'utf8'),
    );
    expect(shipped).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
  });

  it('ships demo and example configurations that are valid', () => {
    for (const f of ['demo.json', 'example-serial.json']) {
      expect(() => loadConfigFile(new URL(`../config/${f}`, import.meta.url).pathname)).not.toThrow();
    }
  });
});
