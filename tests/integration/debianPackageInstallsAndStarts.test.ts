import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAEMON_DEPENDS, packageKiosk, SCREEN_DEPENDS } from '../../packaging/package.ts';
import { freshDebianRoot, type DebianRoot } from '../support/debian-root.ts';
import { startEmulator, type EmulatorProcess } from '../support/harness.ts';

/**
 * The kiosk as a hall technician installs it: `npm run package` builds the .debs with dpkg-deb; they
 * are inspected, then installed with dpkg into a clean Debian root (debootstrap), where the installed
 * daemon — plain JavaScript on Debian's own Node, no tsx, no emulators — starts as the kiosk user
 * against emulators on pseudo-terminals and answers /api/health.
 */
let debs: string[];
let daemonDeb: string;
let screenDeb: string;
const roots: DebianRoot[] = [];
const children: ChildProcess[] = [];
const emulators: EmulatorProcess[] = [];

beforeAll(async () => {
  debs = await packageKiosk();
  daemonDeb = debs.find((d) => basename(d).startsWith('hall-kiosk_'))!;
  screenDeb = debs.find((d) => basename(d).startsWith('hall-kiosk-screen_'))!;
}, 600_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await Promise.all(emulators.map((e) => e.stop()));
  for (const r of roots) r.remove();
});

const dpkgDeb = (...args: string[]) => spawnSync('dpkg-deb', args, { encoding: 'utf8' }).stdout;
const field = (deb: string, name: string) => dpkgDeb('--field', deb, name).trim();

describe('the Debian packages', () => {
  it('name what they depend on, and keep the configuration as a conffile', () => {
    expect(field(daemonDeb, 'Package')).toBe('hall-kiosk');
    expect(field(daemonDeb, 'Depends').split(', ')).toEqual(DAEMON_DEPENDS);
    expect(field(screenDeb, 'Depends')).toContain(`hall-kiosk (= ${field(daemonDeb, 'Version')})`);
    for (const dep of SCREEN_DEPENDS) expect(field(screenDeb, 'Depends')).toContain(dep);
    const info = dpkgDeb('--info', daemonDeb);
    expect(info).toMatch(/conffiles/);
    expect(
      spawnSync('sh', ['-c', `dpkg-deb --ctrl-tarfile ${daemonDeb} | tar -xO ./conffiles`], {
        encoding: 'utf8',
      }).stdout,
    ).toBe('/etc/hall-kiosk/config.json\n');
  });

  it('hold the built daemon, the UI, the units and native modules — and nothing of development', () => {
    const contents = dpkgDeb('--contents', daemonDeb);
    const paths = contents.split('\n').map((l) => l.replace(/^.* \.\//, '/').replace(/ -> .*$/, ''));
    const release = `/opt/hall-kiosk/releases/${field(daemonDeb, 'Version')}`;
    for (const p of [
      `${release}/device-daemon/dist/main.js`,
      `${release}/kiosk-ui/dist/index.html`,
      `${release}/bin/kiosk`,
      `${release}/node_modules/better-sqlite3/build/Release/better_sqlite3.node`,
      '/lib/systemd/system/hall-kiosk.service',
      '/etc/hall-kiosk/config.json',
      '/usr/bin/kiosk',
    ])
      expect(paths).toContain(p);
    expect(contents).toMatch(/-rw-r----- root\/root .* \.\/etc\/hall-kiosk\/config\.json/);
    // No development tools, no emulators, and none of our TypeScript: the daemon is one JavaScript bundle
    // (npm packages may ship their own .ts and .d.ts files; those are theirs).
    const forbidden = paths.filter(
      (p) =>
        /\/node_modules\/(tsx|typescript|vitest|esbuild|@hall-kiosk|@types|@playwright|@stryker-mutator)\/|hardware-mocks/.test(
          p,
        ) ||
        (/\.ts$/.test(p) && !p.includes('/node_modules/')),
    );
    expect(forbidden).toEqual([]);
    expect(dpkgDeb('--contents', screenDeb)).toMatch(/\.\/lib\/systemd\/system\/hall-kiosk-browser\.service/);
  });

  it('install into a clean Debian root; the installed daemon starts as the kiosk user against emulated devices', async () => {
    const root = freshDebianRoot();
    roots.push(root);
    copyFileSync(daemonDeb, join(root.path, 'tmp', basename(daemonDeb)));
    root.run(['dpkg', '-i', `/tmp/${basename(daemonDeb)}`]);

    // What postinst set up.
    expect(root.run(['id', '-nG', 'kiosk']).output.trim().split(' ').sort()).toEqual([
      'dialout',
      'kiosk',
      'plugdev',
    ]);
    const data = statSync(join(root.path, 'var/lib/hall-kiosk'));
    expect(data.mode & 0o777).toBe(0o700);
    expect(root.run(['stat', '-c', '%U %a', '/var/lib/hall-kiosk']).output.trim()).toBe('kiosk 700');
    expect(root.run(['stat', '-c', '%G %a', '/etc/hall-kiosk/config.json']).output.trim()).toBe('kiosk 640');
    expect(readlinkSync(join(root.path, 'opt/hall-kiosk/current'))).toBe(
      `releases/${field(daemonDeb, 'Version')}`,
    );

    // Emulators in their own processes on pseudo-terminals whose links live inside the root.
    root.mountRuntime();
    mkdirSync(join(root.path, 'run/emu'), { recursive: true });
    for (const [device, link] of [
      ['ticketPrinter', 'ttyPrinter'],
      ['idCardReader', 'ttyReader'],
    ] as const) {
      const e = await startEmulator({ device, hostPath: join(root.path, 'run/emu', link) });
      emulators.push(e);
      // As udev would give the device to the daemon's group (the test's pty belongs to root).
      chmodSync(realpathSync(join(root.path, 'run/emu', link)), 0o666);
    }
    const config = JSON.parse(readFileSync(join(root.path, 'etc/hall-kiosk/config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(
      join(root.path, 'etc/hall-kiosk/config.json'),
      JSON.stringify({
        ...config,
        server: { host: '127.0.0.1', port: 0 },
        devices: {
          ticketPrinter: { connection: { serial: '/run/emu/ttyPrinter' } },
          idCardReader: { connection: { serial: '/run/emu/ttyReader' } },
        },
      }),
    );

    const started = Date.now();
    const daemon = spawn(
      'chroot',
      [
        root.path,
        'runuser',
        '-u',
        'kiosk',
        '--',
        '/usr/bin/kiosk',
        'start',
        '--config',
        '/etc/hall-kiosk/config.json',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' } },
    );
    children.push(daemon);
    let out = '';
    let err = '';
    daemon.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      daemon.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^Kiosk ready: (\S+)$/m.exec(out);
        if (m) resolve(m[1]!);
      });
      daemon.once('exit', (code) =>
        reject(new Error(`the installed daemon exited with ${code}:\n${out}\n${err.slice(-3000)}`)),
      );
      setTimeout(
        () => reject(new Error(`the installed daemon did not start in 30 s:\n${out}\n${err.slice(-3000)}`)),
        30_000,
      );
    });
    const readyMs = Date.now() - started;

    let health: { status: string; devices: { device: string; state: string }[] } | undefined;
    for (let i = 0; i < 100; i++) {
      health = (await (await fetch(`${url}api/health`)).json()) as typeof health;
      if (health!.status === 'ok') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(health!.status).toBe('ok');
    expect(health!.devices.map((d) => `${d.device}:${d.state}`).sort()).toEqual([
      'idCardReader:online',
      'ticketPrinter:online',
    ]);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    // The daemon runs as kiosk, with the data directory it owns.
    expect(root.run(['stat', '-c', '%U', '/var/lib/hall-kiosk/kiosk.db']).output.trim()).toBe('kiosk');
    console.log(
      `installed daemon: start → "Kiosk ready" ${readyMs} ms (in the Debian root, through chroot and runuser)`,
    );

    // Reinstalling keeps the technician's configuration (a conffile).
    daemon.kill('SIGTERM');
    await new Promise((r) => daemon.once('exit', r));
    const edited = readFileSync(join(root.path, 'etc/hall-kiosk/config.json'), 'utf8');
    root.run(['dpkg', '-i', `/tmp/${basename(daemonDeb)}`]);
    expect(readFileSync(join(root.path, 'etc/hall-kiosk/config.json'), 'utf8')).toBe(edited);
  }, 600_000);
});
