import type { Matter } from '@hall-kiosk/shared';
import {
  PinyinError,
  readPinyinInChild,
  readPinyinInChildAsync,
  type AsyncPinyinReader,
  type PinyinReader,
} from './pinyin-reader.ts';

/**
 * Search over the catalogue by Chinese text, full pinyin, pinyin initials, or any mix — typed on the
 * kiosk's on-screen keyboard, so partial and in any order:
 *
 * - The query is split into terms at spaces; a matter matches when every term matches (order free).
 * - A term of Chinese characters matches where it occurs in the name, keywords or department.
 * - A term of letters matches a run of consecutive syllables of the name or a keyword, each syllable
 *   typed in full or as a prefix of it: `bdc`, `budongchan`, `budc`, `bdchan` all find 不动产; digits
 *   and codes match the matter code.
 *
 * Pinyin is worked out once, when the catalogue is loaded (pinyin-pro, with its word-level readings
 * for characters with several, e.g. 银行 yin hang), in a short-lived child process (pinyin-reader.ts):
 * the daemon keeps the syllables, not pinyin-pro's dictionaries. Ranking: name matches before keyword matches
 * before department matches; earlier and longer matches first.
 */
export type SearchHit = { matter: Matter; score: number };

type Field = { text: string; syllables: string[]; weight: number };
type Entry = { matter: Matter; code: string; fields: Field[] };

const HAN = /\p{Script=Han}/u;

/** Every distinct Chinese text of the matters whose pinyin the index needs, in a fixed order. */
function textsOf(matters: readonly Matter[]): string[] {
  return [...new Set(matters.flatMap((m) => [m.name.zh, ...(m.keywords ?? []), m.department.zh]))];
}

function syllablesOf(reading: readonly string[]): string[] {
  return reading.map((s) => s.toLowerCase().replace(/[^a-z]/g, '')).filter((s) => s.length > 0);
}

/** Whether `term` can be typed as prefixes of syllables[start…] in order (at least one char each). */
function matchesFrom(term: string, syllables: string[], start: number): boolean {
  // dp over (position in term, syllable index); small: terms ≤ 32 letters, names ≤ ~30 syllables.
  let frontier = new Set<number>([0]);
  for (let s = start; s < syllables.length && frontier.size > 0; s++) {
    const syl = syllables[s]!;
    const next = new Set<number>();
    for (const pos of frontier) {
      for (let k = 1; k <= syl.length && pos + k <= term.length; k++) {
        if (term.charCodeAt(pos + k - 1) !== syl.charCodeAt(k - 1)) break;
        if (pos + k === term.length) return true;
        next.add(pos + k);
      }
    }
    frontier = next;
  }
  return false;
}

function letterScore(term: string, field: Field): number {
  const first = term.charCodeAt(0);
  for (let i = 0; i < field.syllables.length; i++) {
    if (field.syllables[i]!.charCodeAt(0) !== first) continue;
    if (matchesFrom(term, field.syllables, i)) return field.weight * (i === 0 ? 3 : 2);
  }
  // Latin text in the field itself (English keywords, codes).
  const at = field.text.toLowerCase().indexOf(term);
  return at < 0 ? 0 : field.weight * (at === 0 ? 2 : 1);
}

function hanScore(term: string, field: Field): number {
  const at = field.text.indexOf(term);
  return at < 0 ? 0 : field.weight * (at === 0 ? 3 : 2) + term.length / Math.max(1, field.text.length);
}

export class SearchIndex {
  #entries: Entry[];

  /**
   * Builds the index without blocking: the pinyin is read by a child process while the daemon goes
   * on (what the daemon uses).
   */
  static async build(
    matters: readonly Matter[],
    read: AsyncPinyinReader = readPinyinInChildAsync,
  ): Promise<SearchIndex> {
    const readings = await read(textsOf(matters));
    return new SearchIndex(matters, () => readings);
  }

  /** `readPinyin` is asked once, for every distinct Chinese text of the catalogue. */
  constructor(matters: readonly Matter[], readPinyin: PinyinReader = readPinyinInChild) {
    const texts = textsOf(matters);
    const readings = readPinyin(texts);
    if (readings.length !== texts.length)
      throw new PinyinError(`pinyin: ${readings.length} readings for ${texts.length} texts`);
    const syllables = new Map(texts.map((t, i) => [t, syllablesOf(readings[i]!)]));
    const of = (text: string) => syllables.get(text) ?? [];
    this.#entries = matters.map((matter) => ({
      matter,
      code: matter.code.toLowerCase(),
      fields: [
        { text: matter.name.zh, syllables: of(matter.name.zh), weight: 10 },
        ...(matter.keywords ?? []).map((k) => ({ text: k, syllables: of(k), weight: 6 })),
        { text: matter.name.en, syllables: [], weight: 4 },
        { text: matter.department.zh, syllables: of(matter.department.zh), weight: 2 },
      ],
    }));
  }

  get size(): number {
    return this.#entries.length;
  }

  /** Matches, best first; at most `limit`. Never throws; an empty query finds nothing. */
  search(query: string, limit = 30): { hits: SearchHit[]; total: number } {
    const terms = normalise(query);
    if (terms.length === 0) return { hits: [], total: 0 };
    const hits: SearchHit[] = [];
    for (const e of this.#entries) {
      let score = 0;
      let all = true;
      for (const term of terms) {
        let best = 0;
        if (HAN.test(term)) {
          for (const f of e.fields) best = Math.max(best, hanScore(term, f));
        } else {
          if (e.code.startsWith(term)) best = 30;
          for (const f of e.fields) best = Math.max(best, letterScore(term, f));
        }
        if (best === 0) {
          all = false;
          break;
        }
        score += best;
      }
      if (all) hits.push({ matter: e.matter, score });
    }
    hits.sort((a, b) => b.score - a.score || a.matter.code.localeCompare(b.matter.code));
    return { hits: hits.slice(0, limit), total: hits.length };
  }
}

/** Lower-case terms; Chinese runs and Latin runs become separate terms; at most 8 terms of 32. */
export function normalise(query: string): string[] {
  return (
    query
      .normalize('NFKC')
      .toLowerCase()
      .replace(/ü/g, 'v')
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .match(/\p{Script=Han}+|[a-z0-9-]+/gu)
      ?.slice(0, 8)
      .map((t) => t.slice(0, 32)) ?? []
  );
}
