import type { Plugin } from 'vite';
import type { Node } from './ast.ts';

/** An icon as Lucide writes it: SVG elements, each a tag and its attributes. */
export type IconNode = [tag: string, attrs: Record<string, string | number>][];

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
/** A path that starts with a relative moveto: its first pair, and what follows. */
const RELATIVE_START = new RegExp(String.raw`^\s*m\s*(${NUMBER})\s*,?\s*(${NUMBER})\s*,?\s*(.*)$`, 's');
const STARTS_WITH_NUMBER = new RegExp(`^${NUMBER}`);

/**
 * One element as path data that can follow other path data. A path's first `m` is absolute; after
 * another path it would move from where that one ended, so it is written `M` (and the pairs after it,
 * lines relative to it, get their own `l`). Null for what is not plain geometry.
 */
export function pathDataOf(tag: string, attrs: Record<string, string | number>): string | null {
  const keys = Object.keys(attrs).sort().join(' ');
  const n = (name: string) => Number(attrs[name]);
  switch (tag) {
    case 'path': {
      if (keys !== 'd') return null;
      const d = String(attrs.d);
      const m = RELATIVE_START.exec(d);
      if (!m) return d.trim();
      const rest = m[3]!;
      return `M${m[1]} ${m[2]}${STARTS_WITH_NUMBER.test(rest) ? `l${rest}` : rest}`;
    }
    case 'circle': {
      if (keys !== 'cx cy r') return null;
      const [cx, cy, r] = [n('cx'), n('cy'), n('r')];
      return `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0z`;
    }
    case 'rect': {
      if (!['height width x y', 'height rx width x y', 'height rx ry width x y'].includes(keys)) return null;
      const [x, y, w, h] = [n('x'), n('y'), n('width'), n('height')];
      const rx = Math.min(attrs.rx === undefined ? 0 : n('rx'), w / 2);
      const ry = Math.min(attrs.ry === undefined ? rx : n('ry'), h / 2);
      if (rx === 0 || ry === 0) return `M${x} ${y}h${w}v${h}h${-w}z`;
      const arc = (dx: number, dy: number) => `a${rx} ${ry} 0 0 1 ${dx} ${dy}`;
      return (
        `M${x + rx} ${y}h${w - 2 * rx}${arc(rx, ry)}v${h - 2 * ry}${arc(-rx, ry)}` +
        `h${-(w - 2 * rx)}${arc(-rx, -ry)}v${-(h - 2 * ry)}${arc(rx, -ry)}z`
      );
    }
    case 'line':
      if (keys !== 'x1 x2 y1 y2') return null;
      return `M${n('x1')} ${n('y1')}L${n('x2')} ${n('y2')}`;
    default:
      return null;
  }
}

/**
 * The icon with all its plain geometry as one path (first), and anything else as it was. Lucide
 * strokes every element alike (round caps and joins, no fill), so one path draws the same lines; the
 * page then makes one element where it made up to six.
 */
export function mergeIcon(node: IconNode): IconNode {
  const paths: string[] = [];
  const kept: IconNode = [];
  for (const [tag, attrs] of node) {
    const d = pathDataOf(tag, attrs);
    if (d === null) kept.push([tag, attrs]);
    else paths.push(d);
  }
  return paths.length ? [['path', { d: paths.join('') }], ...kept] : kept;
}

/** Lucide's module for one icon (`lucide/dist/esm/icons/ticket.mjs`): an array, exported as default. */
const ICON_MODULE = /[\\/]lucide[\\/]dist[\\/]esm[\\/]icons[\\/][a-z0-9-]+\.mjs$/;

/**
 * Built pages get each Lucide icon they import as one path (mergeIcon): fewer elements for the page
 * to create, style and lay out on every screen with icons, and fewer bytes. `vite` (dev) and the
 * tests keep Lucide's own elements.
 */
export function iconPaths(): Plugin {
  return {
    name: 'kiosk-icon-paths',
    apply: 'build',
    transform(code, id) {
      if (!ICON_MODULE.test(id)) return null;
      const icon = iconIn(this.parse(code) as unknown as Node);
      if (!isIconNode(icon)) this.error(`${id}: not an icon (a list of [tag, attributes])`);
      return { code: `export default ${JSON.stringify(mergeIcon(icon))};`, map: null };
    },
  };
}

/** The array a Lucide icon module declares (`const Car = [...]`), as a value; anything else, undefined. */
function iconIn(program: Node): unknown {
  for (const statement of program.body as Node[]) {
    if (statement.type !== 'VariableDeclaration') continue;
    const [declarator] = statement.declarations as Node[];
    const init = declarator?.init as Node | undefined;
    if (init?.type === 'ArrayExpression') return literalValue(init);
  }
  return undefined;
}

/** The value of an expression made only of arrays, objects, strings and numbers; otherwise undefined. */
function literalValue(node: Node): unknown {
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'string' || typeof node.value === 'number' ? node.value : undefined;
    case 'ArrayExpression':
      return (node.elements as Node[]).map(literalValue);
    case 'ObjectExpression': {
      const value: Record<string, unknown> = {};
      for (const p of node.properties as Node[]) {
        const key = p.key as Node;
        const name = key.type === 'Identifier' ? key.name : key.type === 'Literal' ? key.value : undefined;
        if (p.type !== 'Property' || p.computed || typeof name !== 'string') return undefined;
        value[name] = literalValue(p.value as Node);
      }
      return value;
    }
    default:
      return undefined;
  }
}

function isIconNode(value: unknown): value is IconNode {
  return (
    Array.isArray(value) &&
    value.every(
      (e) =>
        Array.isArray(e) &&
        e.length === 2 &&
        typeof e[0] === 'string' &&
        typeof e[1] === 'object' &&
        e[1] !== null &&
        Object.values(e[1] as object).every((v) => typeof v === 'string' || typeof v === 'number'),
    )
  );
}
