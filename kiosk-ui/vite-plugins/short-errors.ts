import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import MagicString from 'magic-string';
import { parseAst, type Plugin } from 'vite';
import { walk, type Node } from './ast.ts';

/** An error a library's code makes: where its message is, its text with `%s` for each value, the values. */
export type LibraryError = { start: number; end: number; template: string; values: string[] };

/** The code an error's text is known by: the first six hex digits of its SHA-256. */
export const errorCode = (template: string) =>
  createHash('sha256').update(template).digest('hex').slice(0, 6);

/**
 * Every `new Error(message)` whose message is written in the code (a string, or a template whose
 * values are filled in): the message's place, its text and the source of its values.
 */
export function libraryErrors(program: Node, source: string): LibraryError[] {
  const found: LibraryError[] = [];
  walk(program, (node) => {
    if (node.type !== 'NewExpression' || (node.callee as Node).type !== 'Identifier') return true;
    if ((node.callee as Node).name !== 'Error' || (node.arguments as Node[]).length !== 1) return true;
    const message = (node.arguments as Node[])[0]!;
    if (message.type === 'Literal' && typeof message.value === 'string')
      found.push({ start: message.start, end: message.end, template: message.value, values: [] });
    else if (message.type === 'TemplateLiteral') {
      const quasis = (message.quasis as Node[]).map((q) => (q.value as { cooked: string }).cooked);
      const values = (message.expressions as Node[]).map((e) => source.slice(e.start, e.end));
      found.push({ start: message.start, end: message.end, template: quasis.join('%s'), values });
    }
    return true;
  });
  return found;
}

/** The message an error is built with instead: its code, then its values (`xstate a48e8a: idle session`). */
export function shortMessage(library: string, error: LibraryError): string {
  const values = error.values.map((v) => `\${${v}}`).join(' ');
  return `\`${library} ${errorCode(error.template)}${values ? `: ${values}` : ''}\``;
}

/**
 * A library's error texts as codes, in the kiosk page: the texts of XState's `throw new Error(…)` (a
 * state that does not exist, an actor's logic not provided, …) are about 0.45 KB of the page's gzipped
 * script (docs/performance.md). Such an error means a machine written wrongly, and the unit tests, which
 * run XState as published, meet it first with its text. The page keeps each error's code and values
 * (`xstate a48e8a: idle session`); `npx tsx kiosk-ui/vite-plugins/library-error.ts a48e8a` prints the
 * text from the installed package — what React's and MUI's production builds do with their own errors.
 */
export function shortErrors(library: string): Plugin {
  const name = library.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const module = new RegExp(`[\\\\/]node_modules[\\\\/]${name}[\\\\/]dist[\\\\/][^\\\\/]+\\.m?js$`);
  return {
    name: 'kiosk-short-errors',
    apply: 'build',
    transform(code, id) {
      if (!module.test(id.split('?')[0]!) || !code.includes('Error(')) return null;
      const errors = libraryErrors(this.parse(code) as unknown as Node, code);
      if (errors.length === 0) return null;
      const s = new MagicString(code);
      for (const e of errors) s.overwrite(e.start, e.end, shortMessage(library, e));
      return { code: s.toString(), map: s.generateMap({ hires: 'boundary', source: id }) };
    },
  };
}

/** Every error text in a package's built files (`dist/`), with its code. */
export function errorTexts(library: string): Map<string, string> {
  const require = createRequire(join(import.meta.dirname, '../package.json'));
  const dist = join(dirname(require.resolve(`${library}/package.json`)), 'dist');
  const texts = new Map<string, string>();
  for (const file of readdirSync(dist).filter((f) => /\.m?js$/.test(f))) {
    const code = readFileSync(join(dist, file), 'utf8');
    if (!code.includes('Error(')) continue;
    for (const e of libraryErrors(parseAst(code) as unknown as Node, code))
      texts.set(errorCode(e.template), e.template);
  }
  return texts;
}
