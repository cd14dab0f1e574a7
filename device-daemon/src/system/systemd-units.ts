import type { DeviceName } from '@hall-kiosk/shared';
import type { Connection, KioskConfig } from '../config/schema.ts';
import { DAEMON_NODE_FLAGS } from './node-flags.ts';

/**
 * The systemd units of an installed kiosk, generated so the package, the tests and the docs share one
 * source. Pure: options in, unit text out.
 */
export type UnitOptions = {
  /** Where the package puts the releases; `current` points at the running one. */
  prefix: string;
  configFile: string;
  dataDir: string;
  /** The daemon's system user (in dialout and plugdev). */
  user: string;
  /** The browser's own user: the screen never runs as the user that can read the database. */
  screenUser: string;
  /** The kiosk page, on loopback. */
  url: string;
  /** systemd kills and restarts a daemon that has not fed the watchdog for this long. */
  watchdogSec: number;
  nodeBinary: string;
  chromiumBinary: string;
  cageBinary: string;
};

export const DEFAULT_UNIT_OPTIONS: UnitOptions = {
  prefix: '/opt/hall-kiosk',
  configFile: '/etc/hall-kiosk/config.json',
  dataDir: '/var/lib/hall-kiosk',
  user: 'kiosk',
  screenUser: 'kiosk-screen',
  url: 'http://127.0.0.1:8080/',
  watchdogSec: 30,
  nodeBinary: '/usr/bin/node',
  chromiumBinary: '/usr/bin/chromium',
  cageBinary: '/usr/bin/cage',
};

/**
 * Chromium's flags for a locked-down kiosk screen, one reason each. Tested by starting Chromium with
 * exactly these (headless) and trying to zoom and to navigate away.
 */
export const CHROMIUM_KIOSK_FLAGS: readonly (readonly [flag: string, why: string])[] = [
  ['--kiosk', 'full screen, no address bar, tabs or menus'],
  ['--incognito', 'nothing of one citizen is kept on disk for the next'],
  ['--noerrdialogs', 'no error dialogs over the page'],
  ['--disable-session-crashed-bubble', 'no "restore pages?" bubble after a crash or power cut'],
  ['--disable-infobars', 'no info bars'],
  ['--disable-pinch', 'no pinch zoom'],
  ['--overscroll-history-navigation=0', 'a swipe does not go back'],
  [
    '--disable-features=Translate,TranslateUI,OverscrollHistoryNavigation,MediaRouter',
    'no translation prompts or cast dialogs',
  ],
  ['--disable-component-update', 'no component downloads'],
  ['--disable-background-networking', 'no background connections (the hall LAN has no internet)'],
  ['--disable-sync', 'no sign-in sync'],
  ['--no-first-run', 'no first-run screens'],
  ['--no-default-browser-check', 'no default-browser question'],
  ['--password-store=basic', 'no keyring prompt'],
  ['--autoplay-policy=no-user-gesture-required', 'voice prompts speak on the first screen'],
  ['--touch-events=enabled', 'touch screens send touch events'],
  ['--ozone-platform=wayland', 'runs under the cage compositor'],
];

export function daemonUnit(o: UnitOptions = DEFAULT_UNIT_OPTIONS): string {
  return `# Made by \`kiosk systemd-units\`; the device rules are in hall-kiosk.service.d/ (\`kiosk device-access\`).
[Unit]
Description=Hall kiosk device daemon (devices, queue, kiosk API on loopback)
Documentation=file://${o.prefix}/current/docs/deployment.md
After=network.target
# Five failed starts in five minutes: reboot (a kiosk nobody watches at night should try that once more).
StartLimitIntervalSec=300
StartLimitBurst=5
StartLimitAction=reboot

[Service]
Type=notify
# The READY and WATCHDOG messages come from the daemon's socat child (Node cannot send datagrams).
NotifyAccess=all
WatchdogSec=${o.watchdogSec}
TimeoutStartSec=90
Restart=on-failure
RestartSec=2
User=${o.user}
Group=${o.user}
SupplementaryGroups=dialout plugdev
Environment=NODE_ENV=production
ExecStart=${o.nodeBinary} ${DAEMON_NODE_FLAGS.join(' ')} ${o.prefix}/current/device-daemon/dist/main.js start --config ${o.configFile}
UMask=0077
StateDirectory=${o.dataDir.replace(/^\/var\/lib\//, '')}
StateDirectoryMode=0700
RuntimeDirectory=hall-kiosk
RuntimeDirectoryMode=0700
ProtectSystem=strict
ReadWritePaths=${o.dataDir}
ProtectHome=yes
PrivateTmp=yes
NoNewPrivileges=yes
CapabilityBoundingSet=
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
SystemCallArchitectures=native
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK
DevicePolicy=closed

[Install]
WantedBy=multi-user.target
`;
}

export function browserUnit(o: UnitOptions = DEFAULT_UNIT_OPTIONS): string {
  const flags = CHROMIUM_KIOSK_FLAGS.map(([f]) => f).join(' ');
  return `# Made by \`kiosk systemd-units\`.
[Unit]
Description=Hall kiosk screen (Chromium in the cage kiosk compositor on tty1)
Documentation=file://${o.prefix}/current/docs/deployment.md
# The daemon is Type=notify: "after" means after it said READY=1, so the page never shows an error.
Wants=hall-kiosk.service
After=hall-kiosk.service systemd-user-sessions.service plymouth-quit-wait.service
Conflicts=getty@tty1.service
After=getty@tty1.service

[Service]
Type=simple
User=${o.screenUser}
PAMName=login
TTYPath=/dev/tty1
TTYReset=yes
TTYVHangup=yes
TTYVTDisallocate=yes
StandardInput=tty-fail
StandardOutput=journal
StandardError=journal
UtmpIdentifier=tty1
UtmpMode=user
Environment=XDG_SESSION_TYPE=wayland
StateDirectory=hall-kiosk-screen
ExecStart=${o.cageBinary} -d -- ${o.chromiumBinary} ${flags} --user-data-dir=/var/lib/hall-kiosk-screen/profile ${o.url}
# A browser that dies comes back; so does one that a technician closed.
Restart=always
RestartSec=2

[Install]
WantedBy=graphical.target
`;
}

const deviceClasses = (connection: Connection): string[] => {
  if ('serial' in connection)
    return /^\/dev\/ttyS\d+$/.test(connection.serial) ? ['char-ttyS'] : ['char-ttyUSB', 'char-ttyACM'];
  if ('hid' in connection) return ['char-hidraw', 'char-usb_device'];
  return [];
};

/**
 * The drop-in that lets the daemon open its devices and nothing else (DevicePolicy=closed in the unit).
 * Device classes rather than nodes: a node allowed by path must exist when the service starts, and a
 * reader plugged in later would stay forbidden.
 */
export function deviceAccessDropIn(devices: KioskConfig['devices']): string {
  const lines = [
    '# Made by `kiosk device-access` from the configuration. Install as',
    '# /etc/systemd/system/hall-kiosk.service.d/50-devices.conf, then `systemctl daemon-reload`.',
    '[Service]',
  ];
  const seen = new Set<string>();
  for (const [device, cfg] of Object.entries(devices) as [
    DeviceName,
    { connection: Connection } | undefined,
  ][]) {
    if (!cfg) continue;
    for (const cls of deviceClasses(cfg.connection)) {
      if (seen.has(cls)) continue;
      seen.add(cls);
      lines.push(`# ${device}`, `DeviceAllow=${cls} rw`);
    }
  }
  if (seen.size === 0) lines.push('# no local devices configured (network or emulated only)');
  return `${lines.join('\n')}\n`;
}
