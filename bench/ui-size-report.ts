// `npm run bench:ui-size` (or `npx tsx bench/ui-size-report.ts [--files] [--top N]`): what the kiosk
// page's gzipped JavaScript and CSS are made of. Builds the UI once more with hidden source maps into a
// scratch directory (the code is the same as `npm run build:ui` gives; kiosk-ui/dist is not touched),
// takes the files the bench counts (`kioskAssets` of bench/ui.bench.ts) and prints, per file and per
// module, the bytes in the built file and the module's share of the file's gzipped size (level 9, as
// the bench); a data file (the English texts) is one row. npm packages are one row each unless --files is given.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kioskAssets } from './ui.bench.ts';
import { attribute, byModule, gzipped, moduleName, shareOut, type SizeRow } from './ui-size.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const UI = join(ROOT, 'kiosk-ui');
const args = process.argv.slice(2);
const byPackage = !args.includes('--files');
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
if (!Number.isInteger(top) || top <= 0) throw new Error('--top takes a positive whole number');

const out = mkdtempSync(join(tmpdir(), 'ui-size-'));
try {
  execFileSync(
    'npx',
    ['vite', 'build', '--sourcemap', 'hidden', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: UI, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const assets = join(out, 'assets');
  const { initial, later } = kioskAssets(assets);
  const rows: SizeRow[] = [];
  const kb = (n: number) => (n / 1024).toFixed(2).padStart(6);
  const list = (title: string, { files, js, css, data }: typeof initial) => {
    console.log(`${title} (gzipped, level 9):`);
    for (const f of files) {
      const body = readFileSync(join(assets, f));
      const size = gzipped(body);
      console.log(`  ${kb(size)} KB  ${f}  (${kb(body.length)} KB built)`);
      if (f.endsWith('.js')) {
        const map = JSON.parse(readFileSync(join(assets, `${f}.map`), 'utf8')) as {
          sources: string[];
          mappings: string;
        };
        const pieces = attribute(body.toString('utf8'), map, (s) =>
          moduleName(relative(ROOT, resolve(assets, s)), byPackage),
        );
        rows.push(...shareOut(f, pieces, size));
      } else {
        const kind = f.endsWith('.css') ? 'styles' : 'data';
        rows.push({
          module: `${kind} (${f})`,
          file: f,
          bytes: body.length,
          gzipAlone: size,
          gzipShare: size,
        });
      }
    }
    console.log(
      `  ${kb(js)} KB  JavaScript + ${kb(css)} KB CSS + ${kb(data)} KB data = ${kb(js + css + data)} KB\n`,
    );
  };
  list('kiosk page, loaded before the attract screen', initial);
  if (later.files.length) list('kiosk page, loaded once the attract screen is up', later);
  const modules = byModule(rows);
  console.log(
    `top ${Math.min(top, modules.length)} of ${modules.length} modules by share of the gzipped page:`,
  );
  console.log('   share KB    built KB   alone KB  module  (file)');
  for (const r of modules.slice(0, top))
    console.log(`  ${kb(r.gzipShare)}     ${kb(r.bytes)}     ${kb(r.gzipAlone)}   ${r.module}  (${r.file})`);
  const rest = modules.slice(top).reduce((s, r) => s + r.gzipShare, 0);
  if (rest > 0) console.log(`  ${kb(rest)}     the other ${modules.length - top}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
