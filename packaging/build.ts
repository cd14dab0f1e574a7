// `npm run build`: what runs on a kiosk, in build/hall-kiosk/ —
//   device-daemon/dist/main.js   the daemon and the `kiosk` command as one plain-JavaScript bundle
//                                (our workspaces bundled in; npm packages left as real dependencies)
//   device-daemon/config/        sample catalogue, demo and example configurations, the JSON Schema
//   kiosk-ui/dist/               the built touchscreen pages
//   node_modules/                only the run-time dependencies (native serialport, node-hid,
//                                better-sqlite3 as built here), copied from this checkout's install
//   bin/kiosk                    starts dist/main.js with the system's node
// No tsx, no TypeScript, no emulators, no dev dependencies at run time.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DAEMON_NODE_FLAGS } from '../device-daemon/src/system/node-flags.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUILD_DIR = join(ROOT, 'build', 'hall-kiosk');

type PackageJson = {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as PackageJson;

/** Packages that are ours (bundled) or only for development (never shipped). */
const NOT_SHIPPED = (name: string) =>
  name.startsWith('@hall-kiosk/') || name.startsWith('@types/') || name === 'tsx';

/** Finds where Node would resolve `name` from `fromDir`: the nearest node_modules/name walking up. */
function resolvePackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === ROOT || dirname(dir) === dir) return undefined;
  }
}

/** The run-time dependency closure of the daemon and the shared package, as package directories. */
export function runtimePackageDirs(): string[] {
  const found = new Set<string>();
  const visit = (name: string, fromDir: string, optional: boolean) => {
    if (NOT_SHIPPED(name)) return;
    const dir = resolvePackageDir(name, fromDir);
    if (!dir) {
      if (optional) return;
      throw new Error(
        `build: ${name} (needed from ${relative(ROOT, fromDir) || '.'}) is not installed; run npm install`,
      );
    }
    if (found.has(dir)) return;
    found.add(dir);
    const pkg = readJson(join(dir, 'package.json'));
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  for (const ws of ['device-daemon', 'shared']) {
    const pkg = readJson(join(ROOT, ws, 'package.json'));
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, join(ROOT, ws), false);
  }
  return [...found].sort();
}

export async function buildKiosk(options: { skipUi?: boolean } = {}): Promise<string> {
  const started = Date.now();
  if (!options.skipUi) execFileSync('npm', ['run', '--silent', 'build:ui'], { cwd: ROOT, stdio: 'inherit' });
  rmSync(BUILD_DIR, { recursive: true, force: true });
  mkdirSync(BUILD_DIR, { recursive: true });

  const daemonPkg = readJson(join(ROOT, 'device-daemon', 'package.json'));
  const external = [
    ...new Set([
      ...Object.keys(daemonPkg.dependencies ?? {}),
      ...Object.keys(readJson(join(ROOT, 'shared', 'package.json')).dependencies ?? {}),
    ]),
  ].filter((n) => !n.startsWith('@hall-kiosk/'));
  await build({
    entryPoints: [join(ROOT, 'device-daemon', 'src', 'main.ts')],
    outfile: join(BUILD_DIR, 'device-daemon', 'dist', 'main.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    sourcemap: 'linked',
    legalComments: 'none',
    // npm packages stay real dependencies (native modules among them); the emulators are never shipped.
    external: [...external, '@hall-kiosk/hardware-mocks', '@hall-kiosk/device-daemon/mock'],
    logLevel: 'warning',
  });

  cpSync(join(ROOT, 'device-daemon', 'config'), join(BUILD_DIR, 'device-daemon', 'config'), {
    recursive: true,
  });
  cpSync(join(ROOT, 'kiosk-ui', 'dist'), join(BUILD_DIR, 'kiosk-ui', 'dist'), { recursive: true });
  cpSync(join(ROOT, 'docs'), join(BUILD_DIR, 'docs'), { recursive: true });

  for (const dir of runtimePackageDirs()) {
    const to = join(BUILD_DIR, relative(ROOT, dir).replace(/^(device-daemon|shared)\//, ''));
    cpSync(dir, to, {
      recursive: true,
      dereference: true,
      // better-sqlite3's SQLite sources and object files are build leftovers, not needed at run time.
      filter: (src) =>
        !/^better-sqlite3\/(deps|src|build\/(Release\/(obj|\.deps|sqlite3\.a|test_extension)|deps))/.test(
          relative(join(dir, '..'), src),
        ),
    });
  }

  writeFileSync(
    join(BUILD_DIR, 'package.json'),
    `${JSON.stringify({ name: 'hall-kiosk', version: readJson(join(ROOT, 'package.json')).version, private: true, type: 'module' }, null, 2)}\n`,
  );
  mkdirSync(join(BUILD_DIR, 'bin'));
  writeFileSync(
    join(BUILD_DIR, 'bin', 'kiosk'),
    `#!/bin/sh\n# The kiosk command of an installed release.\nexec node ${DAEMON_NODE_FLAGS.join(' ')} "$(dirname "$(readlink -f "$0")")/../device-daemon/dist/main.js" "$@"\n`,
  );
  chmodSync(join(BUILD_DIR, 'bin', 'kiosk'), 0o755);
  console.log(`built ${relative(ROOT, BUILD_DIR)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return BUILD_DIR;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildKiosk({ skipUi: process.argv.includes('--skip-ui') });
}
