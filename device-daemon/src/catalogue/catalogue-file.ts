import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { CatalogueFile, type LifeEvent, type Matter } from '@hall-kiosk/shared';

export class CatalogueError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: invalid catalogue\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CatalogueError';
  }
}

export type Catalogue = { matters: Matter[]; lifeEvents: LifeEvent[] };

/**
 * Validates a catalogue. Every problem names the item by index and code and the field:
 * `matters[12] (SB-003).materials[0].count: Too small: expected number to be >=1`. At most 50 problems.
 */
export function parseCatalogue(value: unknown, source: string): Catalogue {
  const result = CatalogueFile.safeParse(value);
  const raw = value as { matters?: { code?: unknown }[] } | null;
  const name = (path: readonly PropertyKey[]) =>
    path
      .map((p, i) => {
        if (typeof p === 'number') {
          const code = path[i - 1] === 'matters' ? raw?.matters?.[p]?.code : undefined;
          return `[${p}]${typeof code === 'string' ? ` (${code})` : ''}`;
        }
        return `${i ? '.' : ''}${String(p)}`;
      })
      .join('');
  if (!result.success) {
    throw new CatalogueError(
      source,
      result.error.issues
        .slice(0, 50)
        .map((i: z.core.$ZodIssue) => `${name(i.path) || '(top level)'}: ${i.message}`),
    );
  }
  const { matters, lifeEvents } = result.data;
  const problems: string[] = [];
  const codes = new Map<string, number>();
  matters.forEach((m, i) => {
    const first = codes.get(m.code);
    if (first !== undefined) problems.push(`matters[${i}] (${m.code}).code: also used by matters[${first}]`);
    else codes.set(m.code, i);
    if (m.promisedDays > m.legalDays)
      problems.push(
        `matters[${i}] (${m.code}).promisedDays: ${m.promisedDays} is longer than legalDays ${m.legalDays}`,
      );
  });
  lifeEvents.forEach((e, i) =>
    e.matterCodes.forEach((c, j) => {
      if (!codes.has(c)) problems.push(`lifeEvents[${i}] (${e.id}).matterCodes[${j}]: no matter "${c}"`);
    }),
  );
  if (problems.length > 0) throw new CatalogueError(source, problems.slice(0, 50));
  return { matters, lifeEvents };
}

export function loadCatalogueFile(file: string): Catalogue {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CatalogueError(file, [
      `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CatalogueError(file, [`not valid JSON: ${(e as Error).message}`]);
  }
  return parseCatalogue(json, file);
}
