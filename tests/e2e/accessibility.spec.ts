import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { DaemonProcess } from '../support/harness.ts';
import { startWholeKiosk } from '../support/whole-kiosk.ts';
import { TestSocket } from '../support/ws-client.ts';
import { screenshotPath } from '../support/artifacts.ts';

// Every screen, in both modes and both languages: zero axe violations (WCAG 2.0–2.2 A/AA rules), and
// the 适老化 numbers measured, not assumed. Devices are the daemon's in-process emulators.
type Mode = 'standard' | 'care';
type Lang = 'zh' | 'en';

let daemon: DaemonProcess;

test.beforeAll(async () => {
  daemon = await startWholeKiosk('a11y');
});
test.afterAll(async () => {
  await daemon?.stop();
});

async function control(device: string, action: Record<string, unknown>) {
  const res = await fetch(`${daemon.url}emulator/api/emulators/${device}/control`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(action),
  });
  expect(res.ok).toBe(true);
}

/** What 关怀模式 and the standard mode promise, measured on the rendered page. */
async function measure(page: Page, mode: Mode): Promise<string[]> {
  return page.evaluate((care) => {
    const problems: string[] = [];
    const minTarget = care ? 60 : 44;
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      const cs = getComputedStyle(el);
      const ownText = [...el.childNodes].some(
        (n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '',
      );
      if (ownText) {
        const fs = parseFloat(cs.fontSize);
        const lh = cs.lineHeight === 'normal' ? fs * 1.2 : parseFloat(cs.lineHeight);
        if (fs < 18) problems.push(`text under 18px (${fs}): ${describe(el)}`);
        if (lh / fs < 1.29) problems.push(`line height ${(lh / fs).toFixed(2)} < 1.3: ${describe(el)}`);
      }
      if (el.matches('button, a[href], [role="button"]') && (r.width < minTarget || r.height < minTarget)) {
        problems.push(
          `target ${Math.round(r.width)}×${Math.round(r.height)} < ${minTarget}: ${describe(el)}`,
        );
      }
    }
    const h1 = document.querySelector('h1');
    if (!h1) problems.push('no h1 on the screen');
    else if (care && parseFloat(getComputedStyle(h1).fontSize) < 30)
      problems.push(`main text under 30px: ${describe(h1)}`);
    return problems;
  }, mode === 'care');
}

async function check(page: Page, mode: Mode, lang: Lang, screen: string) {
  await page.waitForTimeout(50); // let the screen settle (a paint), no assertion on time
  const axe = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const violations = axe.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(violations, `axe on ${screen} (${mode}, ${lang})`).toEqual([]);
  expect(await measure(page, mode), `sizes on ${screen} (${mode}, ${lang})`).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang === 'zh' ? 'zh-CN' : 'en');
  // Every kiosk screen has a spoken prompt (app/screens.ts), in the screen's language with its
  // placeholders filled; the page marks it on html[data-voice-prompt]. The staff pages are not for
  // citizens (the hall display speaks each call instead).
  if (!/^(staff|hall)-/.test(screen)) {
    const prompt = await page.evaluate(() => document.documentElement.dataset.voicePrompt ?? '');
    if (lang === 'zh') expect(prompt, `voice prompt on ${screen}`).toMatch(/\p{Script=Han}/u);
    else expect(prompt, `voice prompt on ${screen}`).toMatch(/^[^\p{Script=Han}]*[a-z][^\p{Script=Han}]*$/u);
    expect(prompt, `voice prompt on ${screen}`).not.toMatch(/[{}]/);
  }
  await page.screenshot({ path: screenshotPath(`screen-${mode}-${lang}-${screen}`) });
}

for (const mode of ['standard', 'care'] as const) {
  for (const lang of ['zh', 'en'] as const) {
    test(`every screen passes in ${mode} mode, ${lang}`, async ({ page }) => {
      await control('idCardReader', { action: 'removeCard' });
      await page.clock.install();
      await page.goto(daemon.url);
      await expect(page.getByTestId('start')).toBeVisible();
      if (lang === 'en') await page.getByRole('button', { name: '切换到英文界面' }).click();
      if (mode === 'care') {
        await page.getByTestId('care-toggle').click();
        await expect(page.getByTestId('voice-toggle')).toHaveAttribute('aria-pressed', 'true'); // voice on in 关怀模式
      }
      await check(page, mode, lang, 'attract');

      await page.getByTestId('start').click();
      await expect(page.getByTestId('home-take-ticket')).toBeVisible();
      await check(page, mode, lang, 'home');

      await page.getByTestId('home-take-ticket').click();
      await expect(page.getByTestId('area-tax')).toBeVisible();
      await check(page, mode, lang, 'choose-area');

      await page.getByTestId('area-tax').click();
      await expect(page.getByTestId('priority-question')).toBeVisible();
      await check(page, mode, lang, 'priority-question');

      await page.getByTestId('priority-yes').click();
      await expect(page.getByTestId('identify-place')).toBeVisible();
      await check(page, mode, lang, 'identify-place-card');

      await control('idCardReader', { action: 'liftDuringRead' });
      await control('idCardReader', { action: 'placeCard', card: 'resident' });
      await expect(page.getByTestId('identify-failed')).toBeVisible();
      await check(page, mode, lang, 'identify-failed');

      await page.getByTestId('identify-retry').click();
      await control('idCardReader', { action: 'placeCard', card: 'elderResident' });
      await expect(page.getByTestId('identify-greeting')).toBeVisible();
      await check(page, mode, lang, 'identify-greeting');

      await page.getByTestId('identify-continue').click();
      await expect(page.getByTestId('ticket-number')).toBeVisible();
      await check(page, mode, lang, 'ticket-printed');
      await control('idCardReader', { action: 'removeCard' });

      // Sixty seconds (twice that in 关怀模式) without a touch: the warning, full screen.
      await page.clock.fastForward(mode === 'care' ? 120_000 : 60_000);
      await expect(page.getByTestId('more-time')).toBeVisible();
      await check(page, mode, lang, 'timeout-warning');
      await page.getByTestId('more-time').click();
      await expect(page.getByTestId('ticket-number')).toBeVisible();

      await page.getByTestId('finish').click();
      await expect(page.getByTestId('rating')).toBeVisible();
      await check(page, mode, lang, 'rating');
      await page.getByTestId('rate-2').click();
      await expect(page.getByTestId('rating-reasons')).toBeVisible();
      await page.getByTestId('reason-waitTooLong').click();
      await page.getByTestId('rating-add-comment').click();
      for (const k of 'hao') await page.getByTestId(`key-${k}`).click();
      await expect(page.getByTestId('rating-comment')).toContainText('hao');
      await expect(page.getByTestId('rating-numbers-hidden')).toContainText(
        lang === 'zh' ? '号码会被隐去' : 'numbers in your comment are hidden',
      );
      await check(page, mode, lang, 'rating-reasons');
      await page.getByTestId('rating-submit').click();
      await expect(page.getByTestId('rating-thanks')).toBeVisible();
      await check(page, mode, lang, 'rating-thanks');
      await expect(page.getByTestId('goodbye')).toBeVisible({ timeout: 10_000 });
      await check(page, mode, lang, 'goodbye');
    });
  }
}

for (const mode of ['standard', 'care'] as const) {
  for (const lang of ['zh', 'en'] as const) {
    test(`check-in and closed-area screens pass in ${mode} mode, ${lang}`, async ({ page }) => {
      await control('idCardReader', { action: 'removeCard' });
      await page.goto(daemon.url);
      await expect(page.getByTestId('start')).toBeVisible();
      if (lang === 'en') await page.getByRole('button', { name: '切换到英文界面' }).click();
      if (mode === 'care') await page.getByTestId('care-toggle').click();
      await page.getByTestId('start').click();

      await page.getByTestId('home-take-ticket').click();
      await page.getByTestId('area-legalNotary').click();
      await expect(page.getByTestId('area-closed')).toBeVisible();
      await check(page, mode, lang, 'area-closed');
      await page.getByTestId('nav-home').click();

      await page.getByTestId('home-guide').click();
      await expect(page.getByTestId('keyboard')).toBeVisible();
      await page.getByTestId('browse-area-realEstate').click();
      await expect(page.getByTestId('browse-departments')).toBeVisible();
      await expect(page.getByTestId('matter-BDC-001')).toBeVisible();
      await check(page, mode, lang, 'guide-browse-area');
      for (const k of 'bdc') await page.getByTestId(`key-${k}`).click();
      await expect(page.getByTestId('matter-BDC-002')).toBeVisible();
      await check(page, mode, lang, 'guide-search');
      await page.getByTestId('matter-BDC-002').click();
      await expect(page.getByTestId('guide-materials')).toBeVisible();
      await check(page, mode, lang, 'guide-view');
      await page.getByTestId('nav-home').click();
      await page.getByTestId('home-check-in').click();
      await expect(page.getByTestId('scan-hint')).toBeVisible();
      await check(page, mode, lang, 'check-in-place-card');

      await control('scanner', { action: 'scan', code: 'QR-OLD' });
      await expect(page.getByTestId('check-in-tooLate')).toBeVisible();
      await check(page, mode, lang, 'check-in-too-late');

      await page.getByRole('button', { name: lang === 'zh' ? '再试一次' : 'Try again' }).click();
      await control('idCardReader', { action: 'placeCard', card: 'elderResident' });
      await expect(page.getByTestId('check-in-ticket')).toBeVisible();
      await check(page, mode, lang, 'check-in-ticket');
      await control('idCardReader', { action: 'removeCard' });
      await page.getByTestId('finish').click();
    });
  }
}

test('the counter page and the hall display pass too', async ({ page }) => {
  const ws = await TestSocket.open(daemon.url);
  ws.command('Queue.IssueTicket', 1, { areaId: 'socialSecurity' });
  await ws.completion(1);
  ws.close();
  await page.goto(`${daemon.url}staff`);
  await expect(page.getByTestId('pin-1')).toBeVisible();
  await check(page, 'standard', 'zh', 'staff-sign-in');
  for (const k of '246810') await page.getByTestId(`pin-${k}`).click();
  await page.getByTestId('pin-OK').click();
  await page.getByTestId('counter-3').click();
  await page.getByTestId('call-next').click();
  await expect(page.getByTestId('current-number')).not.toHaveText('—');
  await check(page, 'standard', 'zh', 'staff-counter');
  await page.getByRole('button', { name: 'English' }).click();
  await check(page, 'standard', 'en', 'staff-counter');

  // The display signs in for its own read-only session (the staff session is not shared with it).
  await page.goto(`${daemon.url}display`);
  for (const k of '246810') await page.getByTestId(`pin-${k}`).click();
  await page.getByTestId('pin-OK').click();
  await expect(page.getByTestId('display-latest')).toBeVisible();
  await check(page, 'standard', 'zh', 'hall-display');
});

test('the measurement catches small text, tight lines and small targets', async ({ page }) => {
  await page.goto(daemon.url);
  await expect(page.getByTestId('start')).toBeVisible();
  // The kiosk's CSP forbids style tags (rightly); change styles through the CSSOM instead.
  await page.evaluate(() => {
    for (const p of document.querySelectorAll('p')) {
      (p as HTMLElement).style.setProperty('font-size', '12px', 'important');
      (p as HTMLElement).style.setProperty('line-height', '1', 'important');
    }
    for (const b of document.querySelectorAll('.switch'))
      (b as HTMLElement).style.setProperty('min-height', '30px', 'important');
    for (const b of document.querySelectorAll('.switch'))
      (b as HTMLElement).style.setProperty('height', '30px', 'important');
  });
  const problems = await measure(page, 'care');
  expect(problems.some((p) => p.startsWith('text under 18px'))).toBe(true);
  expect(problems.some((p) => p.startsWith('line height'))).toBe(true);
  expect(problems.some((p) => p.startsWith('target'))).toBe(true);
});
