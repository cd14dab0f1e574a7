import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseAst } from 'vite';
import { describe, expect, it } from 'vitest';
import { CalendarCheck, Car, Ticket } from 'lucide';
import { iconPaths, mergeIcon, pathDataOf, type IconNode } from '../vite-plugins/icon-paths.ts';

describe('one element as path data that can follow others', () => {
  it('keeps a path that starts with an absolute move as it is', () => {
    expect(pathDataOf('path', { d: 'M13 5v2' })).toBe('M13 5v2');
    expect(pathDataOf('path', { d: '  M3 9h18 ' })).toBe('M3 9h18');
  });

  it("writes a path's first relative move as an absolute one, and the pairs after it as relative lines", () => {
    expect(pathDataOf('path', { d: 'm9 15 2 2 4-4' })).toBe('M9 15l2 2 4-4');
    expect(pathDataOf('path', { d: 'm19 8 3 8a5 5 0 0 1-6 0zV7' })).toBe('M19 8l3 8a5 5 0 0 1-6 0zV7');
    expect(pathDataOf('path', { d: 'm-1.5.5h2' })).toBe('M-1.5 .5h2');
    expect(pathDataOf('path', { d: 'm2,3' })).toBe('M2 3');
  });

  it('draws a circle as two half arcs from its leftmost point', () => {
    expect(pathDataOf('circle', { cx: '7', cy: '17', r: '2' })).toBe('M5 17a2 2 0 1 0 4 0a2 2 0 1 0 -4 0z');
  });

  it('draws a rectangle, with or without rounded corners', () => {
    expect(pathDataOf('rect', { x: '3', y: '3', width: '18', height: '18', rx: '2' })).toBe(
      'M5 3h14a2 2 0 0 1 2 2v14a2 2 0 0 1 -2 2h-14a2 2 0 0 1 -2 -2v-14a2 2 0 0 1 2 -2z',
    );
    expect(pathDataOf('rect', { x: 1, y: 2, width: 4, height: 6 })).toBe('M1 2h4v6h-4z');
    // Corners larger than half a side are drawn at half a side, as SVG does.
    expect(pathDataOf('rect', { x: 0, y: 0, width: 4, height: 2, rx: 3 })).toBe(
      'M2 0h0a2 1 0 0 1 2 1v0a2 1 0 0 1 -2 1h0a2 1 0 0 1 -2 -1v0a2 1 0 0 1 2 -1z',
    );
  });

  it('draws a line', () => {
    expect(pathDataOf('line', { x1: '2', y1: '3', x2: '8', y2: '9' })).toBe('M2 3L8 9');
  });

  it('answers null for anything that is not plain geometry', () => {
    expect(pathDataOf('path', { d: 'M1 1h1', fill: 'currentColor' })).toBeNull();
    expect(pathDataOf('circle', { cx: '1', cy: '1', r: '1', stroke: 'none' })).toBeNull();
    expect(pathDataOf('rect', { x: '1', y: '1', width: '2' })).toBeNull();
    expect(pathDataOf('polygon', { points: '1 1 2 2 3 1' })).toBeNull();
  });
});

describe('an icon as one path', () => {
  it("joins Lucide's elements, whatever their kind, into one path", () => {
    for (const icon of [Ticket, Car, CalendarCheck] as IconNode[]) {
      const merged = mergeIcon(icon);
      expect(merged).toHaveLength(1);
      expect(merged[0]![0]).toBe('path');
      expect(merged[0]![1]).toEqual({ d: icon.map(([tag, attrs]) => pathDataOf(tag, attrs)).join('') });
    }
  });

  it('keeps what it cannot draw as a path, after the path, as it was', () => {
    const dot: IconNode[number] = ['circle', { cx: '12', cy: '12', r: '1', fill: 'currentColor' }];
    expect(mergeIcon([['path', { d: 'M1 1h2' }], dot, ['path', { d: 'm3 3 1 1' }]])).toEqual([
      ['path', { d: 'M1 1h2M3 3l1 1' }],
      dot,
    ]);
    expect(mergeIcon([dot])).toEqual([dot]);
  });
});

describe('the build step', () => {
  type Transform = (
    this: { error: (message: string) => never; parse: (code: string) => unknown },
    code: string,
    id: string,
  ) => { code: string } | null;
  const transform = (iconPaths() as unknown as { transform: Transform }).transform;
  // What Vite gives the hook: `error` throws, `parse` answers an ESTree program.
  const context = {
    error: (message: string): never => {
      throw new Error(message);
    },
    parse: (code: string) => parseAst(code),
  };
  const iconModule = (path: string) => readFileSync(path, 'utf8');
  const lucideIcon = (name: string) =>
    createRequire(import.meta.url)
      .resolve('lucide')
      .replace(/[\\/]dist[\\/].*$/, `/dist/esm/icons/${name}.mjs`);

  it("gives Lucide's module for an icon as that icon in one path", async () => {
    const out = transform.call(context, iconModule(lucideIcon('car')), lucideIcon('car'));
    const built = (await import(`data:text/javascript,${encodeURIComponent(out!.code)}`)) as {
      default: IconNode;
    };
    expect(built.default).toEqual(mergeIcon(Car as IconNode));
  });

  it('fails the build on an icon module that is not a list of elements', () => {
    const id = '/x/node_modules/lucide/dist/esm/icons/broken.mjs';
    for (const code of [
      'const B = [["path", { d: null }]]; export { B as default };',
      'const B = [["path", { [k]: "M1 1" }]]; export { B as default };',
      'const B = [["path"]]; export { B as default };',
      'export default 5;',
    ])
      expect(() => transform.call(context, code, id), code).toThrow(/broken\.mjs: not an icon/);
  });

  it('leaves every other module alone', async () => {
    expect(transform.call(context, 'export default []', '/work/kiosk-ui/src/components/icons.ts')).toBeNull();
    expect(transform.call(context, '', lucideIcon('car').replace('icons/car', 'lucide'))).toBeNull();
  });
});
