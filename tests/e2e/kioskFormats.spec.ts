import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getShortestPaths } from 'xstate/graph';
import type { DaemonProcess } from '../support/harness.ts';
import { control, startWholeKiosk } from '../support/whole-kiosk.ts';
import { screenModel } from '../support/screen-model.ts';
import { screenshotPath } from '../support/artifacts.ts';

// Every screen of the screen model (tests/support/screen-model.ts) on the three kinds of glass halls
// buy — portrait 1080×1920 (立式), landscape 1920×1080 and 4:3 1280×1024 — in both modes and both
// languages. On each: a screenshot, axe (WCAG 2.0–2.2 A/AA) with zero violations, the hall bar and the
// help button present, no page scroll, no element whose text runs out of its box, every target
// measured (≥ 60 px in 关怀模式, ≥ 44 px otherwise); on the home screen, the share of the glass its
// targets cover (≥ 50 %). One page per combination, reached screen by screen along the model's
// shortest paths. Measurements go to artifacts/kiosk-formats.json.

const FORMATS = {
  portrait: { width: 1080, height: 1920 },
  landscape: { width: 1920, height: 1080 },
  classic: { width: 1280, height: 1024 },
} as const;
type Format = keyof typeof FORMATS;
type Mode = 'standard' | 'care';
type Lang = 'zh' | 'en';

let daemon: DaemonProcess;
test.beforeAll(async () => {
  daemon = await startWholeKiosk('formats');
});
test.afterAll(async () => {
  await daemon?.stop();
});

const { model, actions } = screenModel(() => daemon);
const DEVICE_EVENTS = /^(SCAN_|PLACE_|CARD_)/;
const paths = getShortestPaths(model);

type Layout = {
  scroll: { width: number; height: number; viewW: number; viewH: number };
  overflows: string[];
  smallest: { w: number; h: number; what: string } | null;
  tooSmall: string[];
  coverage: number;
  hallBar: boolean;
  help: boolean;
};

/**
 * The page measured in the browser. An element's text overflows it when its content box is larger
 * than its box (scrollWidth > clientWidth or scrollHeight > clientHeight, 1 px tolerance); regions
 * marked data-scrolls (a guide's text, the finder's list) are meant to scroll and are not counted,
 * but everything inside them is.
 */
function measureLayout(page: Page, minTarget: number): Promise<Layout> {
  return page.evaluate((min) => {
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}.${String(el.getAttribute('class') ?? '').replace(/\s+/g, '.')} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const overflows: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (!(el instanceof HTMLElement) || el.clientWidth === 0 || el.hasAttribute('data-scrolls')) continue;
      const cs = getComputedStyle(el);
      if (cs.clipPath !== 'none' || cs.visibility === 'hidden') continue; // visually hidden text
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
        overflows.push(
          `${describe(el)}: content ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`,
        );
    }
    const viewW = window.innerWidth;
    const viewH = window.innerHeight;
    const targets = [...document.querySelectorAll('button, a[href], [role="button"]')]
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r, el }) => r.width > 0 && r.height > 0 && !el.closest('[data-scrolls]'));
    let smallest: Layout['smallest'] = null;
    const tooSmall: string[] = [];
    let covered = 0;
    for (const { el, r } of targets) {
      if (!smallest || Math.min(r.width, r.height) < Math.min(smallest.w, smallest.h))
        smallest = { w: Math.round(r.width), h: Math.round(r.height), what: describe(el) };
      if (r.width < min || r.height < min)
        tooSmall.push(`${Math.round(r.width)}×${Math.round(r.height)}: ${describe(el)}`);
      const w = Math.max(0, Math.min(r.right, viewW) - Math.max(r.left, 0));
      const h = Math.max(0, Math.min(r.bottom, viewH) - Math.max(r.top, 0));
      covered += w * h; // targets do not overlap one another
    }
    const scroller = document.scrollingElement ?? document.documentElement;
    const visible = (sel: string) => {
      const el = document.querySelector(sel);
      if (!el) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= viewH + 1;
    };
    return {
      scroll: { width: scroller.scrollWidth, height: scroller.scrollHeight, viewW, viewH },
      overflows,
      smallest,
      tooSmall,
      coverage: covered / (viewW * viewH),
      hallBar: visible('[data-testid="hall-bar"]') || visible('[data-testid="hall-name"]'),
      help: visible('[data-testid="call-staff"]') || visible('[data-testid="help-status"]'),
    };
  }, minTarget);
}

const report: Record<string, unknown>[] = [];
test.afterAll(() => {
  writeFileSync(
    fileURLToPath(new URL('../../artifacts/kiosk-formats.json', import.meta.url)),
    JSON.stringify(report, null, 2),
  );
});

async function setUp(page: Page, mode: Mode, lang: Lang) {
  await control(daemon, 'ticketPrinter', { action: 'loadPaper' });
  await control(daemon, 'idCardReader', { action: 'removeCard' });
  await page.goto(daemon.url);
  await expect(page.locator('html')).toHaveAttribute('data-screen', 'attract');
  await expect(page.getByTestId('start')).toBeVisible();
  if (lang === 'en') await page.getByRole('button', { name: /English/ }).click();
  if (mode === 'care') {
    await page.getByTestId('care-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-care', 'on');
  }
  await expect(page.locator('html')).toHaveAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en');
}

for (const [format, viewport] of Object.entries(FORMATS) as [Format, (typeof FORMATS)[Format]][]) {
  for (const mode of ['standard', 'care'] as const) {
    for (const lang of ['zh', 'en'] as const) {
      test(`${format} ${viewport.width}×${viewport.height}, ${mode}, ${lang}: every screen fits the glass`, async ({
        browser,
      }) => {
        test.setTimeout(600_000);
        const context = await browser.newContext({ viewport, locale: 'zh-CN' });
        const page = await context.newPage();
        // A target covered or pushed off the glass fails the step soon, saying which, rather than the test.
        page.setDefaultTimeout(20_000);
        const minTarget = mode === 'care' ? 60 : 44;
        const seen = new Set<string>();
        const problems: string[] = [];
        const check = async (screen: string) => {
          seen.add(screen);
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
          const name = `${format}-${mode}-${lang}-${screen}`;
          await page.screenshot({ path: screenshotPath(`formats/${name}`) });
          const axe = await new AxeBuilder({ page })
            .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
            .analyze();
          const layout = await measureLayout(page, minTarget);
          report.push({ format, mode, lang, screen, ...layout, axe: axe.violations.length });
          const where = `${screen} (${format}, ${mode}, ${lang})`;
          for (const v of axe.violations)
            problems.push(`${where} axe ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
          const { scroll } = layout;
          if (scroll.height > scroll.viewH + 1 || scroll.width > scroll.viewW + 1)
            problems.push(`${where} scrolls: ${scroll.width}×${scroll.height}`);
          for (const o of layout.overflows) problems.push(`${where} overflow: ${o}`);
          for (const s of layout.tooSmall) problems.push(`${where} target under ${minTarget} px: ${s}`);
          if (!layout.hallBar) problems.push(`${where}: no hall name on the glass`);
          if (!layout.help) problems.push(`${where}: no help button on the glass`);
          if (screen === 'home' && layout.coverage < 0.5)
            problems.push(`${where}: targets cover ${(layout.coverage * 100).toFixed(0)} % < 50 %`);
        };
        for (const path of paths) {
          const target = String(path.state.value);
          if (seen.has(target)) continue;
          await setUp(page, mode, lang);
          await expect(page.locator('html')).toHaveAttribute('data-format', format);
          if (!seen.has('attract')) await check('attract');
          for (const step of path.steps.slice(1)) {
            const screen = String(step.state.value);
            // A device event (a code scanned, a card placed) reaches the kiosk only while its read is
            // pending on the daemon: give the screen that just appeared the moment to ask for it.
            if (DEVICE_EVENTS.test(step.event.type)) await page.waitForTimeout(300);
            try {
              await actions[step.event.type]!(page);
              await expect(page.locator('html'), `after ${step.event.type}`).toHaveAttribute(
                'data-screen',
                screen,
                { timeout: 10_000 },
              );
            } catch (e) {
              // Say which step could not be taken (e.g. a target covered) and go on with the other paths.
              problems.push(
                `${step.event.type} → ${screen} (${format}, ${mode}, ${lang}) failed: ${String(e).split('\n')[0]}`,
              );
              break;
            }
            if (!seen.has(screen)) await check(screen);
          }
        }
        await control(daemon, 'idCardReader', { action: 'removeCard' });
        await control(daemon, 'ticketPrinter', { action: 'loadPaper' });
        await context.close();
        expect(problems).toEqual([]);
        expect(seen.size).toBe(new Set(paths.map((p) => String(p.state.value))).size);
      });
    }
  }
}
