import type { IncomingMessage } from 'node:http';

/**
 * Who may talk to a listener, decided from the request line before any handler runs.
 *
 * Host: a page on another site can make the browser send requests to 127.0.0.1 under its own name
 * (DNS rebinding: attacker.example resolving to 127.0.0.1). Such requests carry `Host:
 * attacker.example`; only the names this listener is really reached by are accepted, and anything
 * else is answered 421 (Misdirected Request).
 *
 * Origin: a browser always says which page a WebSocket or a cross-site POST comes from. The kiosk's
 * command API and the emulator controls accept only their own page's origin — and, for WebSockets,
 * refuse a missing Origin (non-browser tools use the daemon's Unix socket instead).
 */
export type ListenerNames = {
  /** `host:port` forms this listener answers to, lower case. */
  hosts: ReadonlySet<string>;
  /** `scheme://host:port` origins of the pages it serves. */
  origins: ReadonlySet<string>;
};

const DEFAULT_PORT: Record<string, number> = { http: 80, https: 443 };

/** The names a listener on `port` is reached by: loopback always, plus names configured for the LAN. */
export function listenerNames(
  scheme: 'http' | 'https',
  port: number,
  extraNames: readonly string[] = [],
): ListenerNames {
  const names = [
    '127.0.0.1',
    'localhost',
    '[::1]',
    ...extraNames.map((n) => (n.includes(':') && !n.startsWith('[') ? `[${n}]` : n)),
  ];
  const hosts = new Set<string>();
  const origins = new Set<string>();
  for (const raw of names) {
    const name = raw.toLowerCase();
    hosts.add(`${name}:${port}`);
    origins.add(`${scheme}://${name}:${port}`);
    if (DEFAULT_PORT[scheme] === port) {
      hosts.add(name);
      origins.add(`${scheme}://${name}`);
    }
  }
  return { hosts, origins };
}

export function hostAllowed(req: Pick<IncomingMessage, 'headers'>, names: ListenerNames): boolean {
  const host = req.headers.host;
  return typeof host === 'string' && names.hosts.has(host.toLowerCase());
}

/** For WebSocket upgrades and state-changing requests from browsers: the Origin must be one of ours. */
export function originAllowed(
  req: Pick<IncomingMessage, 'headers'>,
  names: ListenerNames,
  options: { allowMissing: boolean },
): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return options.allowMissing;
  return names.origins.has(origin.toLowerCase());
}
