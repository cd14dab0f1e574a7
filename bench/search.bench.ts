import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Browser, Page } from 'playwright-core';
import type { Matter } from '@hall-kiosk/shared';
import { parseConfig, silentLogger, startDaemon, type RunningDaemon } from '@hall-kiosk/device-daemon';
import { SAMPLE_CATALOGUE } from '../device-daemon/src/config/load.ts';
import { launchChromium, percentile, type Benchmark } from './harness.ts';

/** A hall's real catalogue has about 1,100 matters; the kiosk must stay fast with this many. */
export const CATALOGUE_SIZE = 5000;
const CPU_SLOWDOWN = 4;

const QUALIFIERS = [
  '',
  '（个人）',
  '（企业）',
  '变更',
  '注销',
  '补办',
  '延续',
  '查询',
  '（港澳台）',
  '（外籍）',
  '迁入',
  '迁出',
];

/** 5,000 matters made from the 65 samples: each name with a qualifier and a numbered department. */
export function bigCatalogue(): string {
  const sample = JSON.parse(readFileSync(SAMPLE_CATALOGUE, 'utf8')) as { matters: Matter[] };
  const matters: Matter[] = [];
  for (let i = 0; matters.length < CATALOGUE_SIZE; i++) {
    const m = sample.matters[i % sample.matters.length]!;
    const round = Math.floor(i / sample.matters.length);
    const q = QUALIFIERS[round % QUALIFIERS.length]!;
    matters.push({
      ...m,
      code: `${m.code}-${round}`,
      name: { zh: `${m.name.zh}${q}`, en: `${m.name.en}${q ? ` (${round})` : ''}` },
      department: { zh: `${m.department.zh}第${round}科`, en: `${m.department.en}, section ${round}` },
    });
  }
  const file = join(mkdtempSync(join(tmpdir(), 'bench-catalogue-')), 'catalogue.json');
  writeFileSync(file, JSON.stringify({ matters, lifeEvents: [] }));
  return file;
}

/** What people type, keystroke by keystroke: every prefix is a search. */
const QUERIES = [
  'bdc',
  'budongchan',
  'shebaoka',
  'sbk',
  'kai gongsi',
  'jiazhao huan',
  'geshui',
  'yidi jiuyi',
  'huzhao',
];
const PREFIXES = QUERIES.flatMap((q) => [...q].map((_, i) => q.slice(0, i + 1)));

async function stage(): Promise<RunningDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-search-'));
  const config = parseConfig(
    {
      server: { port: 0 },
      dataDir: dir,
      ui: { selfTestMinSeconds: 0 },
      devices: {},
      catalogue: { file: bigCatalogue() },
    },
    'bench',
    dir,
  );
  return startDaemon(config, { log: silentLogger });
}

/** Catalogue.Search over the WebSocket, one request per keystroke, round trip timed from Node. */
function searchOverApi(p: 50 | 99): Benchmark {
  let daemon: RunningDaemon;
  let ws: WebSocket;
  return {
    name: `search: ${CATALOGUE_SIZE} matters over the API, per keystroke p${p}`,
    unit: 'ms',
    better: 'lower',
    runs: 5,
    async setup() {
      daemon = await stage();
      ws = new WebSocket(`${daemon.url.replace('http', 'ws')}ws`, { origin: new URL(daemon.url).origin });
      await new Promise((r) => ws.once('open', r));
    },
    async measure() {
      const times: number[] = [];
      let id = 0;
      for (const query of PREFIXES) {
        const requestId = ++id;
        const t0 = performance.now();
        const done = new Promise<void>((resolve) => {
          const on = (data: WebSocket.RawData) => {
            const m = JSON.parse(data.toString()) as { header: { type: string; requestId: number } };
            if (m.header.type === 'completion' && m.header.requestId === requestId) {
              ws.off('message', on);
              resolve();
            }
          };
          ws.on('message', on);
        });
        ws.send(
          JSON.stringify({
            header: { type: 'command', name: 'Catalogue.Search', requestId },
            payload: { query },
          }),
        );
        await done;
        times.push(performance.now() - t0);
      }
      return percentile(times, p);
    },
    async teardown() {
      ws.close();
      await daemon.close();
    },
  };
}

export const searchApiP50 = searchOverApi(50);
export const searchApiP99 = searchOverApi(99);

/**
 * In Chromium with a 4× slowed CPU: from the tap on the last key of a query on the on-screen keyboard
 * to the result count for it painted. Includes the UI's 150 ms typing pause before it searches.
 */
function searchInChromium(p: 50 | 99): Benchmark {
  let daemon: RunningDaemon;
  let browser: Browser;
  let page: Page;
  return {
    name: `search: ${CATALOGUE_SIZE} matters, key tap → results painted p${p} (${CPU_SLOWDOWN}× CPU, incl. 150 ms pause)`,
    unit: 'ms',
    better: 'lower',
    runs: 3,
    async setup() {
      daemon = await stage();
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    },
    async measure() {
      const times: number[] = [];
      for (const query of QUERIES) {
        await page.goto(daemon.url);
        await page.getByTestId('start').click();
        await page.getByTestId('home-guide').click();
        await page.getByTestId('keyboard').waitFor();
        await page.getByTestId('result-count').waitFor();
        for (const [i, ch] of [...query].entries()) {
          const before = await page.getByTestId('search-query').textContent();
          const t0 = performance.now();
          await page.getByTestId(ch === ' ' ? 'key-space' : `key-${ch}`).click();
          if (i < query.length - 1) {
            await page.waitForFunction(
              (b) => document.querySelector('[data-testid="search-query"]')?.textContent !== b,
              before,
            );
            continue;
          }
          // The last key: wait for the search for the whole query to be painted.
          await page.waitForFunction((q) => document.documentElement.dataset.searchedFor === q, query.trim());
          times.push(performance.now() - t0);
        }
      }
      return percentile(times, p);
    },
    async teardown() {
      await browser.close();
      await daemon.close();
    },
  };
}

export const searchChromiumP50 = searchInChromium(50);
export const searchChromiumP99 = searchInChromium(99);
