// The hall for browser tests in its own process (hall-server/test/browser-hall.ts: a throw-away
// PostgreSQL, the hall server over HTTPS with the seed hall and the built pages), driven by one JSON
// line per command and answering one JSON line each.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../hall-server/test/browser-hall.ts', import.meta.url));

export type HallAnswer = { ok: boolean; [k: string]: unknown };

export type HallProcess = {
  url: string;
  /** One command (see browser-hall.ts); commands are answered in the order sent. */
  send(command: object): Promise<HallAnswer>;
  /** Ends standard input: the hall closes and removes its database cluster. */
  stop(): Promise<void>;
};

export async function startHallProcess(): Promise<HallProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting: { resolve(line: string): void; reject(e: Error): void }[] = [];
  const early: string[] = [];
  lines.on('line', (l) => {
    const next = waiting.shift();
    if (next) next.resolve(l);
    else early.push(l);
  });
  child.once('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`the hall process ended (${code})`));
  });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const queued = early.shift();
      if (queued !== undefined) return resolve(queued);
      if (child.exitCode !== null) return reject(new Error(`the hall process ended (${child.exitCode})`));
      waiting.push({ resolve, reject });
    });
  const ready = await nextLine();
  if (!ready.startsWith('READY ')) throw new Error(`the hall did not start: ${ready}`);
  const { url } = JSON.parse(ready.slice(6)) as { url: string };
  let chain: Promise<unknown> = Promise.resolve();
  return {
    url,
    send(command) {
      const reply = chain.then(async () => {
        child.stdin.write(`${JSON.stringify(command)}\n`);
        return JSON.parse(await nextLine()) as HallAnswer;
      });
      chain = reply.catch(() => undefined);
      return reply;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}
