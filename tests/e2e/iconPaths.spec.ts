import { expect, test } from '@playwright/test';
import { icons } from 'lucide';
import { mergeIcon, type IconNode } from '../../kiosk-ui/vite-plugins/icon-paths.ts';
import * as kiosk from '../../kiosk-ui/src/components/icons.ts';

// The built pages draw each Lucide icon as one path (kiosk-ui/vite-plugins/icon-paths.ts). Chromium
// measures icons both ways, stroked as the page's Icon component strokes them: every icon of the set
// must cover the same box, and the kiosk's own icons must stroke the same points of a fine grid.
test('icons drawn as one path cover what Lucide drew', async ({ page }) => {
  await page.setContent('<svg viewBox="0 0 24 24" width="24" height="24"></svg>');
  const measureAll = (nodes: { name: string; node: IconNode }[], grid: boolean) =>
    page.evaluate(
      ({ nodes, grid }) => {
        const ns = 'http://www.w3.org/2000/svg';
        const svg = document.querySelector('svg')!;
        const stroke = {
          fill: 'none',
          stroke: 'black',
          'stroke-width': '2',
          'stroke-linecap': 'round',
          'stroke-linejoin': 'round',
        };
        for (const [k, v] of Object.entries(stroke)) svg.setAttribute(k, v);
        const point = svg.createSVGPoint();
        return nodes.map(({ name, node }) => {
          const g = document.createElementNS(ns, 'g');
          for (const [tag, attrs] of node) {
            const el = document.createElementNS(ns, tag);
            for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
            g.append(el);
          }
          svg.append(g);
          const elements = [...g.children] as SVGGeometryElement[];
          // 48 × 48 points, at the centres of half-unit cells: 1 inside the stroke, 0 outside.
          let stroked = '';
          if (grid)
            for (let y = 0.25; y < 24; y += 0.5)
              for (let x = 0.25; x < 24; x += 0.5) {
                point.x = x;
                point.y = y;
                stroked += elements.some((el) => el.isPointInStroke(point)) ? '1' : '0';
              }
          const { x, y, width, height } = g.getBBox();
          g.remove();
          return { name, box: [x, y, width, height], stroked, elements: elements.length };
        });
      },
      { nodes, grid },
    );
  const compare = async (named: [string, IconNode][], grid: boolean) => {
    const before = await measureAll(
      named.map(([name, node]) => ({ name, node })),
      grid,
    );
    const after = await measureAll(
      named.map(([name, node]) => ({ name, node: mergeIcon(node) })),
      grid,
    );
    const apart = before.flatMap((b, i) => {
      const a = after[i]!;
      const points = [...b.stroked].filter((c, j) => c !== a.stroked[j]).length;
      const moved = b.box.some((v, j) => Math.abs(v - a.box[j]!) > 0.01);
      return moved || points > 0 ? [`${b.name}: box ${b.box} → ${a.box}, ${points} points differ`] : [];
    });
    return { apart, before, after };
  };

  const all = await compare(Object.entries(icons as Record<string, IconNode>), false);
  expect(all.apart).toEqual([]);
  // Nearly every icon becomes one element; the rest keep what is not plain geometry, as it was.
  expect(all.after.filter((m) => m.elements === 1).length).toBeGreaterThan(all.after.length * 0.9);

  // The home screen's and the shell's icons, each area's, and the one for an area without its own.
  const own = Object.entries({ ...kiosk.AREA_ICONS, ...kiosk, otherArea: kiosk.areaIcon('') }).filter(
    (e): e is [string, IconNode] => Array.isArray(e[1]),
  );
  expect(own.length).toBe(15);
  const fine = await compare(own, true);
  expect(fine.apart).toEqual([]);
  for (const m of fine.before) expect(m.stroked, `${m.name} strokes some points`).toContain('1');
  expect(fine.after.every((m) => m.elements === 1)).toBe(true);
});
