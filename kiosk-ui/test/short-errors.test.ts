import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseAst } from 'vite';
import { describe, expect, it } from 'vitest';
import type { Node } from '../vite-plugins/ast.ts';
import {
  errorCode,
  errorTexts,
  libraryErrors,
  shortErrors,
  shortMessage,
} from '../vite-plugins/short-errors.ts';

const parse = (code: string) => parseAst(code) as unknown as Node;
const errorsIn = (code: string) => libraryErrors(parse(code), code);

/** What the plugin makes of a module at `id`, as the bundler would call it. */
function transformed(code: string, id: string): string | null {
  const transform = shortErrors('xstate').transform as (
    this: { parse: typeof parseAst },
    code: string,
    id: string,
  ) => { code: string } | null;
  return transform.call({ parse: parseAst }, code, id)?.code ?? null;
}
const XSTATE_MODULE = '/app/node_modules/xstate/dist/raise-1.esm.js';

describe("a library's errors as codes", () => {
  it('finds each error whose message is written in the code, with its values', () => {
    const code =
      "function f(t, e) { if (!t) throw new Error(`State '${t}' does not exist on '${e.id}'`); " +
      "throw new Error('A non-root actor cannot be stopped directly.'); }";
    expect(errorsIn(code).map(({ template, values }) => ({ template, values }))).toEqual([
      { template: "State '%s' does not exist on '%s'", values: ['t', 'e.id'] },
      { template: 'A non-root actor cannot be stopped directly.', values: [] },
    ]);
  });

  it('leaves other errors alone: built from a variable or a sum, or of another kind', () => {
    expect(errorsIn("new Error(message); new Error('a' + b); new TypeError('x'); Error('y');")).toEqual([]);
  });

  it('writes the code and the values in place of the text', () => {
    const code = "const f = (t, e) => { throw new Error(`State '${t}' does not exist on '${e.id}'`); };";
    const out = transformed(code, XSTATE_MODULE)!;
    const code6 = errorCode("State '%s' does not exist on '%s'");
    expect(out).toBe(`const f = (t, e) => { throw new Error(\`xstate ${code6}: \${t} \${e.id}\`); };`);
    const f = new Function(`${out}; return f;`)() as (t: string, e: { id: string }) => void;
    expect(() => f('idle', { id: 'session' })).toThrow(`xstate ${code6}: idle session`);
    expect(shortMessage('xstate', errorsIn("new Error('Stopped.')")[0]!)).toBe(
      `\`xstate ${errorCode('Stopped.')}\``,
    );
  });

  it("touches only the named library's built files", () => {
    const code = "throw new Error('x');";
    expect(transformed(code, '/app/node_modules/preact/dist/preact.mjs')).toBeNull();
    expect(transformed(code, '/app/kiosk-ui/src/main.tsx')).toBeNull();
    expect(transformed(code, `${XSTATE_MODULE}?v=1`)).not.toBeNull();
  });

  it('a code is the start of the SHA-256 of the text', () => {
    // echo -n 'Stopped.' | sha256sum
    expect(errorCode('Stopped.')).toBe('f8ec77');
  });
});

describe("the installed XState's errors", () => {
  const require = createRequire(join(import.meta.dirname, '../package.json'));
  const dist = join(dirname(require.resolve('xstate/package.json')), 'dist');
  const files = readdirSync(dist).filter((f) => /\.esm\.js$/.test(f) && !f.includes('development'));

  it('are all rewritten, and the result still parses', () => {
    let rewritten = 0;
    for (const file of files) {
      const code = readFileSync(join(dist, file), 'utf8');
      const before = errorsIn(code);
      const out = transformed(code, join(dist, file));
      if (before.length === 0) continue;
      rewritten += before.length;
      expect(
        errorsIn(out!).every((e) => /^xstate [0-9a-f]{6}/.test(e.template)),
        file,
      ).toBe(true);
      for (const e of before)
        if (e.template.length > 12) expect(out).not.toContain(e.template.split('%s')[0]);
    }
    expect(rewritten).toBeGreaterThan(10);
  });

  it('each code leads back to its text (vite-plugins/library-error.ts)', () => {
    const texts = errorTexts('xstate');
    for (const file of files) {
      const code = readFileSync(join(dist, file), 'utf8');
      for (const e of errorsIn(code)) expect(texts.get(errorCode(e.template))).toBe(e.template);
    }
  });
});
