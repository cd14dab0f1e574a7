import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import MagicString from 'magic-string';
import type { Plugin } from 'vite';
import { walk, type Edit, type Node } from './ast.ts';
import { zh } from '../src/i18n/zh.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** The kiosk UI's own modules: only these are rewritten. */
const SOURCES = join(here, '../src/');
/** The module whose object is the catalogue the keys index (exported for the tests). */
export const ZH_MODULE = join(here, '../src/i18n/zh.ts');

/**
 * Each message key a module writes (`'home.title'`) as its place among the catalogue's keys (`12`).
 * Throws where the page would then look a key up that is not there: a key as an object's property
 * name, and a key put together at run time (`` `device.${name}` ``) — a map whose values are the
 * keys, written out, serves instead.
 */
export function keyIdEdits(program: Node, keys: readonly string[]): Edit[] {
  const ids = new Map(keys.map((k, i) => [k, i]));
  const edits: Edit[] = [];
  walk(program, (node, parent) => {
    if (node.type === 'Literal' && typeof node.value === 'string' && ids.has(node.value)) {
      if (parent?.type === 'Property' && parent.key === node && !parent.computed)
        throw new Error(`the message key '${node.value}' is an object's property name: write it as a value`);
      edits.push({ start: node.start, end: node.end, text: String(ids.get(node.value)) });
    } else if (node.type === 'TemplateLiteral' && (node.expressions as Node[]).length > 0) {
      const head = ((node.quasis as Node[])[0]!.value as { cooked: string | null }).cooked ?? '';
      if (head.includes('.') && keys.some((k) => k.startsWith(head)))
        throw new Error(`\`${head}\${…}\` makes a message key at run time: look it up in a map of keys`);
    }
    return true;
  });
  return edits;
}

/**
 * The catalogue's object (`{ 'app.title': '…', … }`: exactly the keys, in their order) as the list
 * of its texts in that order. Throws when the module has no such object.
 */
export function catalogueListEdit(program: Node, source: string, keys: readonly string[]): Edit {
  let edit: Edit | undefined;
  walk(program, (node) => {
    if (edit || node.type !== 'ObjectExpression') return !edit;
    const props = node.properties as Node[];
    const inOrder =
      props.length === keys.length &&
      props.every((p, i) => p.type === 'Property' && !p.computed && (p.key as Node).value === keys[i]);
    if (!inOrder) return true;
    const texts = props.map((p) => source.slice((p.value as Node).start, (p.value as Node).end));
    edit = { start: node.start, end: node.end, text: `[${texts.join(',')}]` };
    return false;
  });
  if (!edit) throw new Error(`no object with the catalogue's ${keys.length} keys in their order`);
  return edit;
}

/** The chunk's first message key still written out as a string, if any. */
export function keyLeftIn(code: string, keys: readonly string[]): string | undefined {
  return keys.find((k) => [`'${k}'`, `"${k}"`, `\`${k}\``].some((quoted) => code.includes(quoted)));
}

/**
 * The kiosk page is built with its message keys as numbers: each key stood in the script twice, in
 * zh.ts and where it is used, mostly too far apart for gzip to share them (docs/performance.md).
 * zh.ts becomes the list of its texts and each key its place in that list, which is also the order of
 * the English texts' file (en-values.ts). The page looks a text up the same way either way
 * (`catalogue[key]`), so `vite` (dev) and the tests keep the keys as they are written. A key the
 * rewrite cannot follow fails the build, and so does a key left in the page's script.
 */
export function messageIds(keys: readonly string[] = Object.keys(zh)): Plugin {
  return {
    name: 'kiosk-message-ids',
    apply: 'build',
    // After TypeScript and JSX are compiled: the walk reads plain JavaScript.
    enforce: 'post',
    transform(code, id) {
      const file = id.split('?')[0]!;
      if (!file.startsWith(SOURCES) || !keys.some((k) => code.includes(k))) return null;
      let edits: Edit[];
      try {
        const program = this.parse(code) as unknown as Node;
        edits = file === ZH_MODULE ? [catalogueListEdit(program, code, keys)] : keyIdEdits(program, keys);
      } catch (e) {
        return this.error(`${file}: ${(e as Error).message}`);
      }
      if (edits.length === 0) return null;
      const s = new MagicString(code);
      for (const e of edits) s.overwrite(e.start, e.end, e.text);
      return { code: s.toString(), map: s.generateMap({ hires: 'boundary', source: id }) };
    },
    generateBundle(_options, bundle) {
      for (const out of Object.values(bundle)) {
        if (out.type !== 'chunk') continue;
        const left = keyLeftIn(out.code, keys);
        if (left) this.error(`${out.fileName} still writes the message key '${left}' out`);
      }
    },
  };
}
