import { parseArgs } from 'node:util';
import { loadCommandConfig, withStorage } from './shared.ts';

/** `kiosk journal [--problems] [--limit N] [--json]`: the print journal, for technicians. */
export async function journalCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      problems: { type: 'boolean' },
      limit: { type: 'string', default: '50' },
      json: { type: 'boolean' },
    },
  });
  const config = loadCommandConfig(values.config);
  return withStorage(config, { readOnly: true }, async ({ journal }) => {
    const limit = Math.max(1, Math.min(10_000, Number(values.limit) || 50));
    const rows = await (values.problems ? journal.problems(limit) : journal.recent(limit));
    if (values.json) {
      console.log(JSON.stringify(rows, null, 2));
      return 0;
    }
    if (rows.length === 0) {
      console.log(values.problems ? 'No problems in the print journal.' : 'The print journal is empty.');
      return 0;
    }
    console.log(['job', 'ticket', 'device', 'state', 'presenter', 'when (UTC)', 'reason'].join('\t'));
    for (const r of rows) {
      console.log(
        [r.id, r.number ?? '-', r.device, r.state, r.presenter ?? '-', r.updatedAt, r.failure ?? ''].join(
          '\t',
        ),
      );
    }
    return 0;
  });
}
