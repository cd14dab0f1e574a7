import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localMoment, momentAt, zoneOffsetMinutes } from '@hall-kiosk/shared';
import { en } from '../src/i18n/en.ts';
import { zh } from '../src/i18n/zh.ts';
import { translator } from '../src/i18n/catalogues.ts';
import { formatDate, formatTime } from '../src/i18n/i18n.ts';
import { enStaff } from '../src/i18n/en-staff.ts';
import { zhStaff } from '../src/i18n/zh-staff.ts';
import { staffTranslator } from '../src/i18n/staff-i18n.ts';

describe('message catalogues', () => {
  it('have exactly the same keys in Chinese and English, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const [k, v] of [...Object.entries(zh), ...Object.entries(en)]) expect(v.trim(), k).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(zh) as (keyof typeof zh)[]) expect(holes(en[k]), k).toEqual(holes(zh[k]));
  });

  it("keep the staff pages' texts apart, with the same keys and placeholders in both languages", () => {
    expect(Object.keys(enStaff).sort()).toEqual(Object.keys(zhStaff).sort());
    for (const [k, v] of [...Object.entries(zhStaff), ...Object.entries(enStaff)])
      expect(v.trim(), k).not.toBe('');
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(zhStaff) as (keyof typeof zhStaff)[])
      expect(holes(enStaff[k]), k).toEqual(holes(zhStaff[k]));
    // No key in both: the kiosk page's catalogue has none of the staff pages' texts.
    expect(Object.keys(zhStaff).filter((k) => k in zh)).toEqual([]);
    expect(staffTranslator('en')('staff.wrongPin', { n: 2 })).toBe('Wrong PIN; 2 tries left.');
    expect(staffTranslator('zh')('ticket.peopleAhead', { n: 3 })).toBe('您前面还有 3 人');
  });

  it('fills placeholders', () => {
    expect(translator('zh')('ticket.peopleAhead', { n: 3 })).toBe('您前面还有 3 人');
    expect(translator('en')('ticket.peopleAhead', { n: 3 })).toBe('3 people ahead of you');
  });

  it('leaves no Chinese text in components outside the catalogues', () => {
    const files: string[] = [];
    const walk = (d: string) =>
      readdirSync(d).forEach((f) =>
        statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : files.push(join(d, f)),
      );
    // Vitest runs from the repository root.
    walk(join(process.cwd(), 'kiosk-ui', 'src'));
    const offenders = files
      .filter((f) => f.endsWith('.tsx') && !f.includes('/i18n/'))
      .filter((f) => /[\u4e00-\u9fff]/.test(readFileSync(f, 'utf8').replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')));
    expect(offenders).toEqual([]);
  });
});

describe('dates and times on the kiosk page, written without Intl', () => {
  const zones = ['Asia/Shanghai', 'Asia/Urumqi', 'UTC', 'America/New_York', 'Australia/Adelaide'];
  it("are Intl's zh-CN and en-GB forms, at the offset the daemon gives for the hall's zone", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }),
        fc.constantFrom(...zones),
        (ms, timeZone) => {
          const offset = zoneOffsetMinutes(ms, timeZone);
          const here = momentAt(ms, offset);
          expect(here).toEqual(localMoment(ms, timeZone));
          const long = { timeZone, year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' } as const;
          expect(formatDate(here, 'zh')).toBe(new Intl.DateTimeFormat('zh-CN', long).format(ms));
          expect(formatDate(here, 'en')).toBe(new Intl.DateTimeFormat('en-GB', long).format(ms));
          const time = { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
          expect(formatTime(new Date(ms).toISOString(), offset)).toBe(
            new Intl.DateTimeFormat('en-GB', time).format(ms),
          );
        },
      ),
      { numRuns: 2000 },
    );
    const monday = momentAt(Date.UTC(2026, 10, 29, 16, 30), 480);
    expect(formatDate(monday, 'zh')).toBe('2026年11月30日星期一');
    expect(formatDate(monday, 'en')).toBe('Monday, 30 November 2026');
    expect(formatTime('2026-11-29T16:05:00Z', 480)).toBe('00:05');
  });
});
