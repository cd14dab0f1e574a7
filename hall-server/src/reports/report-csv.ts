import type { DailyReport, RatingCounts } from '@hall-kiosk/shared';

export type ReportLocale = 'zh' | 'en';

const WORDS = {
  zh: {
    header: [
      '类别',
      '编号',
      '名称',
      '取号',
      '办结',
      '未到',
      '平均等候(分钟)',
      '最长等候(分钟)',
      '平均办理(分钟)',
      '非常满意',
      '满意',
      '基本满意',
      '不满意',
      '非常不满意',
      '差评',
      '差评原因',
    ],
    hall: '全厅',
    kiosk: '自助终端评价',
    area: '区域',
    window: '窗口',
    person: '人员',
    matter: '事项',
    nobody: '未登记人员',
  },
  en: {
    header: [
      'section',
      'id',
      'name',
      'issued',
      'served',
      'no-show',
      'average wait (min)',
      'longest wait (min)',
      'average service (min)',
      'very satisfied',
      'satisfied',
      'fairly satisfied',
      'dissatisfied',
      'very dissatisfied',
      'bad ratings',
      'reasons for bad ratings',
    ],
    hall: 'hall',
    kiosk: 'kiosk ratings',
    area: 'area',
    window: 'window',
    person: 'staff',
    matter: 'matter',
    nobody: '(nobody recorded)',
  },
} as const;

/** The 差评 reasons (shared RATING_REASONS) as the report names them. */
export const REASON_NAMES: Record<string, { zh: string; en: string }> = {
  waitTooLong: { zh: '等候时间太长', en: 'waited too long' },
  staffAttitude: { zh: '服务态度不好', en: 'unfriendly staff' },
  unclearGuide: { zh: '办事指南不清楚', en: 'unclear guide' },
  missingMaterialsNotTold: { zh: '材料没有一次告知', en: 'not told everything to bring at once' },
  systemFault: { zh: '设备或系统故障', en: 'device or system fault' },
  notSolved: { zh: '问题没有解决', en: 'problem not solved' },
  other: { zh: '其他', en: 'other' },
};

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. A text
 * starting with = + - @ (or a tab/CR) gets a leading apostrophe so a spreadsheet shows it instead of
 * running it as a formula (names come from people and configuration files).
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const minutes = (s: number | null) => (s === null ? null : (s / 60).toFixed(1));

function reasons(r: RatingCounts, locale: ReportLocale): string {
  return Object.entries(r.badReasons)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([k, n]) => `${REASON_NAMES[k]?.[locale] ?? k}×${n}`)
    .join(locale === 'zh' ? '；' : '; ');
}

const ratingCells = (r: RatingCounts, locale: ReportLocale) => [
  r.levels[4]!,
  r.levels[3]!,
  r.levels[2]!,
  r.levels[1]!,
  r.levels[0]!,
  r.bad,
  reasons(r, locale),
];

/**
 * The daily report as CSV for Excel: UTF-8 with a byte-order mark (so Excel reads Chinese right), CRLF
 * line ends, one header row, then one row per section line: the hall, the kiosks' ratings, each area,
 * each window, each person, each matter. Minutes to one decimal. Nothing about citizens is in it.
 */
export function reportCsv(report: DailyReport, locale: ReportLocale = 'zh'): string {
  const w = WORDS[locale];
  const t = report.totals;
  const rows: Array<Array<string | number | null>> = [[...w.header]];
  const blank = Array.from({ length: 7 }, () => null);
  rows.push([
    w.hall,
    report.businessDate,
    report.hallName[locale],
    t.issued,
    t.served,
    t.noShow,
    minutes(t.avgWaitSeconds),
    minutes(t.longestWaitSeconds),
    minutes(t.avgServiceSeconds),
    ...ratingCells(t.ratings, locale),
  ]);
  rows.push([
    w.kiosk,
    report.businessDate,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    ...ratingCells(t.kioskRatings, locale),
  ]);
  for (const a of report.areas)
    rows.push([
      w.area,
      a.areaId,
      a.name[locale],
      a.issued,
      a.served,
      a.noShow,
      minutes(a.avgWaitSeconds),
      minutes(a.longestWaitSeconds),
      minutes(a.avgServiceSeconds),
      ...blank,
    ]);
  for (const win of report.windows)
    rows.push([
      w.window,
      win.counterId,
      win.name,
      null,
      win.served,
      win.noShow,
      null,
      null,
      minutes(win.avgServiceSeconds),
      ...ratingCells(win.ratings, locale),
    ]);
  for (const p of report.people)
    rows.push([
      w.person,
      p.number,
      p.name ?? (p.staffId === null ? w.nobody : null),
      null,
      p.served,
      p.noShow,
      null,
      null,
      minutes(p.avgServiceSeconds),
      ...ratingCells(p.ratings, locale),
    ]);
  for (const m of report.matters)
    rows.push([
      w.matter,
      m.matterId,
      m.name?.[locale] ?? null,
      null,
      m.served,
      m.noShow,
      null,
      null,
      minutes(m.avgServiceSeconds),
      ...ratingCells(m.ratings, locale),
    ]);
  return `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
