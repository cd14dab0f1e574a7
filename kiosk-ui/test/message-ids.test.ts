import { readFileSync } from 'node:fs';
import { parseAst, transformWithOxc } from 'vite';
import { describe, expect, it } from 'vitest';
import { zh } from '../src/i18n/zh.ts';
import en from '../src/i18n/en-values.ts';
import type { Edit, Node } from '../vite-plugins/ast.ts';
import {
  ZH_MODULE,
  catalogueListEdit,
  keyIdEdits,
  keyLeftIn,
  messageIds,
} from '../vite-plugins/message-ids.ts';

const KEYS = ['home.title', 'ticket.closed.holiday', 'ticket.closed.capReached'] as const;
const parse = (code: string) => parseAst(code) as unknown as Node;
const apply = (code: string, edits: Edit[]) =>
  [...edits]
    .sort((a, b) => b.start - a.start)
    .reduce((s, e) => s.slice(0, e.start) + e.text + s.slice(e.end), code);
const rewrite = (code: string) => apply(code, keyIdEdits(parse(code), KEYS));

describe('message keys as their place in the catalogue', () => {
  it('writes each key as its number, wherever it stands as a value', () => {
    expect(
      rewrite(
        `t('home.title'); const m = { holiday: "ticket.closed.holiday" }; f(x ? 'ticket.closed.capReached' : 'home.title');`,
      ),
    ).toBe(`t(0); const m = { holiday: 1 }; f(x ? 2 : 0);`);
  });

  it('leaves strings that are not keys as they are, near misses included', () => {
    const code = `send({ type: 'user.finish' }); t('home'); t('home.titles'); t('Home.title'); h('p', { class: 'title' });`;
    expect(rewrite(code)).toBe(code);
  });

  it('refuses a key as a property name: the page would look up a number and find nothing', () => {
    expect(() => rewrite(`const on = { 'home.title': 'done' };`)).toThrow(
      /'home.title' is an object's property name/,
    );
    // Computed, it is a value: rewritten like any other.
    expect(rewrite(`const m = { ['home.title']: 1 };`)).toBe(`const m = { [0]: 1 };`);
  });

  it('refuses a key made up at run time', () => {
    expect(() => rewrite('t(`ticket.closed.${reason}`)')).toThrow(
      /ticket\.closed\.\$\{…\}` makes a message key/,
    );
    // A template that cannot make a key is left alone.
    expect(rewrite('const id = `area-${a.id}`; const at = `${h}.${m}`;')).toBe(
      'const id = `area-${a.id}`; const at = `${h}.${m}`;',
    );
  });
});

describe('the catalogue as the list of its texts', () => {
  it("writes zh.ts's object as its texts in the order of its keys", async () => {
    const { code } = await transformWithOxc(readFileSync(ZH_MODULE, 'utf8'), ZH_MODULE);
    const keys = Object.keys(zh);
    const listed = apply(code, [catalogueListEdit(parse(code), code, keys)]);
    const module = await import(`data:text/javascript,${encodeURIComponent(listed)}`);
    expect(module.zh).toEqual(Object.values(zh));
    // The English texts' file lists its texts in the same order: a number finds the same text in both.
    expect(en).toHaveLength(module.zh.length);
  });

  it('refuses a catalogue whose keys are missing or out of order', () => {
    const code = `export const zh = { 'ticket.closed.holiday': 'b', 'home.title': 'a', 'ticket.closed.capReached': 'c' };`;
    expect(() => catalogueListEdit(parse(code), code, KEYS)).toThrow(/no object with the catalogue's 3 keys/);
    const short = `export const zh = { 'home.title': 'a', 'ticket.closed.holiday': 'b' };`;
    expect(() => catalogueListEdit(parse(short), short, KEYS)).toThrow(/no object/);
  });
});

describe("the built page's script", () => {
  it('may not write a key out anywhere', () => {
    expect(keyLeftIn('t(0);t(1)', KEYS)).toBeUndefined();
    expect(keyLeftIn('x="ticket.closed.capReached"', KEYS)).toBe('ticket.closed.capReached');
    expect(keyLeftIn('x=`home.title`', KEYS)).toBe('home.title');
  });

  it('fails a build whose chunk still has a key', () => {
    const plugin = messageIds(KEYS);
    const errors: string[] = [];
    const context = { error: (m: string) => errors.push(m) };
    const hook = plugin.generateBundle as (this: typeof context, o: object, b: object) => void;
    hook.call(context, {}, { 'a.js': { type: 'chunk', fileName: 'a.js', code: "t('home.title')" } });
    hook.call(context, {}, { 'b.js': { type: 'chunk', fileName: 'b.js', code: 't(0)' } });
    expect(errors).toEqual([`a.js still writes the message key 'home.title' out`]);
  });
});
