import { parseArgs } from 'node:util';
import { loadCommandConfig, withStorage } from './shared.ts';

const LEVEL_NAMES = [
  '',
  '非常不满意 very dissatisfied',
  '不满意 dissatisfied',
  '基本满意 fairly satisfied',
  '满意 satisfied',
  '非常满意 very satisfied',
];

/** `kiosk ratings [--json]`: 好差评 counts per level and the delivery outbox. */
export async function ratingsCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { config: { type: 'string' }, json: { type: 'boolean' } },
  });
  const config = loadCommandConfig(values.config);
  // Opened read-write so that a database from an older version is brought up to date first.
  return withStorage(config, { readOnly: false }, async ({ ratings }) => {
    const s = await ratings.summary();
    if (values.json) {
      console.log(JSON.stringify(s, null, 2));
      return 0;
    }
    for (const level of ['5', '4', '3', '2', '1'] as const)
      console.log(`${LEVEL_NAMES[Number(level)]!.padEnd(32)} ${s.byLevel[level]}`);
    const o = s.outbox;
    console.log(
      `outbox: ${o.pending} waiting${o.oldestPendingAt ? ` (oldest from ${o.oldestPendingAt})` : ''}, ${o.delivered} delivered, ${o.rejected} rejected` +
        (config.ratings ? '' : ' — no ratings.endpoint configured: ratings stay on this kiosk'),
    );
    return 0;
  });
}
