import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as z from 'zod/mini';
import { CatalogueFile } from '@hall-kiosk/shared';
import { CatalogueError, loadCatalogueFile } from '../catalogue/catalogue-file.ts';
import { UsageError } from './usage.ts';

/** `kiosk catalogue check FILE` · `kiosk catalogue schema [--out FILE]`. */
export function catalogueCommand(argv: string[]): number {
  const [sub, ...rest] = argv;
  if (sub === 'check' && rest[0]) {
    try {
      const c = loadCatalogueFile(rest[0]);
      console.log(`${rest[0]}: OK — ${c.matters.length} matters, ${c.lifeEvents.length} life events`);
      return 0;
    } catch (e) {
      if (!(e instanceof CatalogueError)) throw e;
      console.error(e.message);
      return 1;
    }
  }
  if (sub === 'schema') {
    const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } } });
    const text = `${JSON.stringify(z.toJSONSchema(CatalogueFile, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`;
    if (values.out) writeFileSync(values.out, text);
    else process.stdout.write(text);
    return 0;
  }
  throw new UsageError();
}
