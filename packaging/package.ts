// `npm run package`: the Debian packages, built with dpkg-deb from `npm run build`'s output.
//   hall-kiosk_<version>_<arch>.deb         the daemon: /opt/hall-kiosk/releases/<version>/, the kiosk
//                                           command, its systemd unit, /etc/hall-kiosk/config.json
//                                           (a conffile, kept on upgrade), the kiosk user, /var/lib/hall-kiosk
//   hall-kiosk-screen_<version>_<arch>.deb  the screen: Chromium in cage on tty1, its own user
// Two packages so that a machine without a screen (a server cupboard, a test root) needs no browser.
// `--sign KEY.pem` writes <package>.deb.sig beside each (ed25519; `kiosk upgrade` refuses unsigned ones).
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { browserUnit, daemonUnit, DEFAULT_UNIT_OPTIONS } from '../device-daemon/src/system/systemd-units.ts';
import { signPackage } from '../device-daemon/src/system/package-signature.ts';
import { buildKiosk } from './build.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = join(ROOT, 'build', 'packages');

export const DAEMON_DEPENDS = ['nodejs (>= 20.19)', 'socat', 'adduser', 'passwd'];
export const SCREEN_DEPENDS = ['chromium', 'cage', 'fonts-wqy-microhei | fonts-noto-cjk'];

/** The configuration a new kiosk starts with: loopback, data in /var/lib, no devices until a technician adds them. */
export const DEFAULT_CONFIG = {
  server: { host: '127.0.0.1', port: 8080 },
  dataDir: '/var/lib/hall-kiosk',
  devices: {},
};

function write(path: string, text: string, mode = 0o644): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  chmodSync(path, mode);
}

const control = (fields: Record<string, string>) =>
  `${Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n`;

function daemonScripts(version: string) {
  const postinst = `#!/bin/sh
# hall-kiosk postinst: the kiosk user, its data directory, the configuration's mode, the current release.
set -e
if [ "$1" = configure ]; then
  getent group kiosk >/dev/null || addgroup --system --quiet kiosk
  getent passwd kiosk >/dev/null || adduser --system --quiet --ingroup kiosk --home /var/lib/hall-kiosk \\
    --no-create-home --shell /usr/sbin/nologin --gecos "Hall kiosk daemon" kiosk
  for group in dialout plugdev; do
    getent group "$group" >/dev/null || addgroup --system --quiet "$group"
    adduser --quiet kiosk "$group"
  done
  install -d -m 0700 -o kiosk -g kiosk /var/lib/hall-kiosk
  install -d -m 0755 /etc/hall-kiosk/upgrade-keys
  chgrp kiosk /etc/hall-kiosk /etc/hall-kiosk/config.json
  chmod 0750 /etc/hall-kiosk
  chmod 0640 /etc/hall-kiosk/config.json
  # The release this package carries becomes current (kiosk upgrade switches between releases later).
  ln -sfn releases/${version} /opt/hall-kiosk/current.dpkg-new
  mv -T /opt/hall-kiosk/current.dpkg-new /opt/hall-kiosk/current
  if [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    systemctl enable --quiet hall-kiosk.service
    systemctl restart hall-kiosk.service || true
  fi
fi
exit 0
`;
  const prerm = `#!/bin/sh
set -e
if [ "$1" = remove ] && [ -d /run/systemd/system ]; then
  systemctl stop hall-kiosk.service || true
  systemctl disable --quiet hall-kiosk.service || true
fi
exit 0
`;
  const postrm = `#!/bin/sh
# The data directory holds the queue and the print journal: it goes only on purge.
set -e
if [ "$1" = purge ]; then
  rm -rf /var/lib/hall-kiosk /opt/hall-kiosk
fi
if [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
exit 0
`;
  return { postinst, prerm, postrm };
}

function screenScripts() {
  const postinst = `#!/bin/sh
# hall-kiosk-screen postinst: the browser's own user (never the daemon's), tty1 for the screen.
set -e
if [ "$1" = configure ]; then
  getent passwd kiosk-screen >/dev/null || adduser --system --quiet --group --home /var/lib/hall-kiosk-screen \\
    --no-create-home --shell /usr/sbin/nologin --gecos "Hall kiosk screen" kiosk-screen
  for group in video input render audio; do
    getent group "$group" >/dev/null && adduser --quiet kiosk-screen "$group"
  done
  if [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    systemctl disable --quiet getty@tty1.service || true
    systemctl enable --quiet hall-kiosk-browser.service
    systemctl set-default --quiet graphical.target || true
  fi
fi
exit 0
`;
  const prerm = `#!/bin/sh
set -e
if [ "$1" = remove ] && [ -d /run/systemd/system ]; then
  systemctl stop hall-kiosk-browser.service || true
  systemctl disable --quiet hall-kiosk-browser.service || true
  systemctl enable --quiet getty@tty1.service || true
fi
exit 0
`;
  return { postinst, prerm };
}

function dpkgArchitecture(): string {
  return execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim();
}

function buildDeb(stage: string, name: string, version: string, arch: string): string {
  const out = join(OUT_DIR, `${name}_${version}_${arch}.deb`);
  execFileSync('dpkg-deb', ['--root-owner-group', '-Zxz', '-z6', '--build', stage, out], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return out;
}

export async function packageKiosk(options: { sign?: string; skipBuild?: boolean } = {}): Promise<string[]> {
  const started = Date.now();
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
  const arch = dpkgArchitecture();
  const built = options.skipBuild ? join(ROOT, 'build', 'hall-kiosk') : await buildKiosk();
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const maintainer = 'hall-kiosk developers <hall-kiosk@localhost>';

  // The daemon.
  const d = join(ROOT, 'build', 'stage', 'hall-kiosk');
  rmSync(d, { recursive: true, force: true });
  cpSync(built, join(d, 'opt/hall-kiosk/releases', version), { recursive: true });
  write(join(d, 'lib/systemd/system/hall-kiosk.service'), daemonUnit(DEFAULT_UNIT_OPTIONS));
  write(join(d, 'etc/hall-kiosk/config.json'), `${JSON.stringify(DEFAULT_CONFIG, null, 2)}\n`, 0o640);
  mkdirSync(join(d, 'usr/bin'), { recursive: true });
  execFileSync('ln', ['-s', '/opt/hall-kiosk/current/bin/kiosk', join(d, 'usr/bin/kiosk')]);
  const ds = daemonScripts(version);
  write(
    join(d, 'DEBIAN/control'),
    control({
      Package: 'hall-kiosk',
      Version: version,
      Architecture: arch,
      Maintainer: maintainer,
      Depends: DAEMON_DEPENDS.join(', '),
      Recommends: 'hall-kiosk-screen',
      Section: 'misc',
      Priority: 'optional',
      Description:
        'self-service kiosk for 24-hour government service halls\n The device daemon (ID-card reader, ticket and receipt printers, scanners),\n the queue, and the touchscreen pages it serves on loopback.',
    }),
  );
  write(join(d, 'DEBIAN/conffiles'), '/etc/hall-kiosk/config.json\n');
  write(join(d, 'DEBIAN/postinst'), ds.postinst, 0o755);
  write(join(d, 'DEBIAN/prerm'), ds.prerm, 0o755);
  write(join(d, 'DEBIAN/postrm'), ds.postrm, 0o755);

  // The screen.
  const s = join(ROOT, 'build', 'stage', 'hall-kiosk-screen');
  rmSync(s, { recursive: true, force: true });
  write(join(s, 'lib/systemd/system/hall-kiosk-browser.service'), browserUnit(DEFAULT_UNIT_OPTIONS));
  const ss = screenScripts();
  write(
    join(s, 'DEBIAN/control'),
    control({
      Package: 'hall-kiosk-screen',
      Version: version,
      Architecture: 'all',
      Maintainer: maintainer,
      Depends: [`hall-kiosk (= ${version})`, ...SCREEN_DEPENDS].join(', '),
      Section: 'misc',
      Priority: 'optional',
      Description:
        'touchscreen for the hall kiosk\n Chromium, locked down, in the cage Wayland kiosk compositor on tty1,\n showing the kiosk page once the daemon is ready.',
    }),
  );
  write(join(s, 'DEBIAN/postinst'), ss.postinst, 0o755);
  write(join(s, 'DEBIAN/prerm'), ss.prerm, 0o755);

  const debs = [buildDeb(d, 'hall-kiosk', version, arch), buildDeb(s, 'hall-kiosk-screen', version, 'all')];
  if (options.sign) {
    const key = readFileSync(options.sign, 'utf8');
    for (const deb of debs) writeFileSync(`${deb}.sig`, await signPackage(deb, key));
  }
  console.log(
    `packaged ${debs.map((p) => p.slice(ROOT.length)).join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return debs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { sign: { type: 'string' }, 'skip-build': { type: 'boolean' } } });
  await packageKiosk({ sign: values.sign, skipBuild: values['skip-build'] });
}
