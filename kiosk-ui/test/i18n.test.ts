import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { zh } from '../src/i18n/zh.ts';
import { translator } from '../src/i18n/catalogues.ts';
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
