// The catalogue's pinyin is read in a short-lived child process so that the daemon never holds
// pinyin-pro's dictionaries (docs/performance.md).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  PinyinError,
  asyncPinyinReaderRunning,
  pinyinReaderRunning,
  readPinyinInChild,
  readPinyinInChildAsync,
} from '../src/catalogue/pinyin-reader.ts';
import { SearchIndex } from '../src/catalogue/search-index.ts';
import { loadCatalogueFile } from '../src/catalogue/catalogue-file.ts';
import { SAMPLE_CATALOGUE } from '../src/config/load.ts';

describe('reading pinyin in a child process', () => {
  it('gives one list of toneless syllables per text, with word-level readings and ü as v', () => {
    expect(readPinyinInChild(['银行开户', '绿色通道', 'ETC办理', ''])).toEqual([
      ['yin', 'hang', 'kai', 'hu'],
      ['lv', 'se', 'tong', 'dao'],
      ['ban', 'li'],
      [],
    ]);
    expect(readPinyinInChild([])).toEqual([]);
  });

  it('is asked once, for every distinct text of the catalogue, and the index searches with the answer', () => {
    const matters = loadCatalogueFile(SAMPLE_CATALOGUE).matters;
    const asked: string[][] = [];
    const index = new SearchIndex(matters, (texts) => {
      asked.push([...texts]);
      return readPinyinInChild(texts);
    });
    expect(asked).toHaveLength(1);
    expect(new Set(asked[0]).size).toBe(asked[0]!.length);
    expect(asked[0]).toContain(matters[0]!.name.zh);
    expect(asked[0]).toContain(matters[0]!.department.zh);
    expect(index.search('bdc').total).toBeGreaterThan(0);
  });

  it('reads the same without blocking, and the index built so searches alike', async () => {
    const texts = ['银行开户', '绿色通道', 'ETC办理', ''];
    expect(await readPinyinInChildAsync(texts)).toEqual(readPinyinInChild(texts));
    expect(await readPinyinInChildAsync([])).toEqual([]);
    const matters = loadCatalogueFile(SAMPLE_CATALOGUE).matters;
    const built = await SearchIndex.build(matters);
    const blocking = new SearchIndex(matters);
    for (const q of ['bdc', 'yinhang', '社保', 'sb kaihu', 'zzz'])
      expect(built.search(q), q).toEqual(blocking.search(q));
  });

  it('refuses readings that do not match the texts', () => {
    const matters = loadCatalogueFile(SAMPLE_CATALOGUE).matters.slice(0, 2);
    expect(() => new SearchIndex(matters, () => [])).toThrow(PinyinError);
  });

  it('says why when the child cannot run or answers something else', async () => {
    expect(() => pinyinReaderRunning('/nonexistent/node')(['银行'])).toThrow(/could not run the reader/);
    // Stand-ins for node that read the texts and answer something else.
    const dir = mkdtempSync(join(tmpdir(), 'pinyin-'));
    const fake = (name: string, answer: string, status = 0) => {
      const file = join(dir, name);
      writeFileSync(file, `#!/bin/sh\ncat >/dev/null\nprintf '%s' '${answer}'\nexit ${status}\n`, {
        mode: 0o755,
      });
      return pinyinReaderRunning(file);
    };
    expect(() => fake('failing', '', 3)(['银行'])).toThrow(/the reader failed \(3\)/);
    expect(() => fake('garbled', 'nope')(['银行'])).toThrow(/not JSON/);
    expect(() => fake('short', '[]')(['银行'])).toThrow(/one list of syllables per text/);
    expect(() => fake('numbers', '[[1]]')(['银行'])).toThrow(/one list of syllables per text/);
    expect(fake('right', '[["yin","hang"]]')(['银行'])).toEqual([['yin', 'hang']]);
    // The same answers from the reader that does not block.
    const fakeAsync = (name: string) => asyncPinyinReaderRunning(join(dir, name));
    await expect(asyncPinyinReaderRunning('/nonexistent/node')(['银行'])).rejects.toThrow(
      /could not run the reader/,
    );
    await expect(fakeAsync('failing')(['银行'])).rejects.toThrow(/the reader failed \(3\)/);
    await expect(fakeAsync('garbled')(['银行'])).rejects.toThrow(/not JSON/);
    await expect(fakeAsync('short')(['银行'])).rejects.toThrow(/one list of syllables per text/);
    expect(await fakeAsync('right')(['银行'])).toEqual([['yin', 'hang']]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('no module of the daemon imports pinyin-pro itself', () => {
    const src = fileURLToPath(new URL('../src/', import.meta.url));
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const importers = files.filter((f) =>
      /from\s+['"]pinyin-pro['"]|import\(\s*['"]pinyin-pro['"]/.test(readFileSync(join(src, f), 'utf8')),
    );
    expect(files.length).toBeGreaterThan(50);
    expect(importers).toEqual([]);
  });
});
