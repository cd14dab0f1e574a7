import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { loadConfigFile, type ResolvedConfig } from '../config/load.ts';
import { openStorage, type Storage } from '../app/storage.ts';
import { CONFIG_DIR } from '../paths.ts';

/** The demo's configuration: what `kiosk start` runs without --config. */
export const DEMO_CONFIG = join(CONFIG_DIR, 'demo.json');

/** The configuration a command was pointed at with --config, or the demo's. */
export function loadCommandConfig(file: string | undefined): ResolvedConfig {
  return loadConfigFile(file ?? DEMO_CONFIG);
}

/**
 * How every command that reads or writes the kiosk's database opens it: through the daemon's one
 * storage helper, only where a daemon has already run (`NoDatabaseError` otherwise, which the
 * dispatcher prints), and closed again whatever happens.
 */
export async function withStorage<T>(
  config: ResolvedConfig,
  options: { readOnly: boolean },
  use: (storage: Storage) => T | Promise<T>,
): Promise<T> {
  const storage = openStorage(config, { readOnly: options.readOnly, mustExist: true });
  try {
    return await use(storage);
  } finally {
    await storage.close();
  }
}

/** The running daemon's admin socket for a configuration. */
export function adminSocketPath(config: ResolvedConfig): string {
  return join(config.dataDir, 'kiosk.sock');
}

/** GET from the running daemon's admin socket; null when no daemon listens there. */
export function adminGet(socketPath: string, path: string): Promise<unknown | null> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ socketPath, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          const body = JSON.parse(text) as unknown;
          if ((res.statusCode ?? 500) >= 400) reject(new Error((body as { error?: string }).error ?? text));
          else resolve(body);
        } catch {
          reject(new Error(text));
        }
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'ENOENT' || e.code === 'ECONNREFUSED' ? resolve(null) : reject(e),
    );
    req.end();
  });
}
