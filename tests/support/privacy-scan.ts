import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { SAMPLE_CARDS } from '@hall-kiosk/hardware-mocks';

export type Hit = { where: string; value: string; encoding: string };

/** Every personal value of every sample card, in each encoding it could be written in. */
export function sensitiveNeedles(): { value: string; encoding: string; bytes: Buffer }[] {
  const values = SAMPLE_CARDS.flatMap((c) =>
    [c.idNumber, c.name, c.address, c.englishName, c.passNumber].filter((v): v is string => !!v),
  );
  return values.flatMap((value) => [
    { value, encoding: 'utf8', bytes: Buffer.from(value, 'utf8') },
    { value, encoding: 'ucs2', bytes: Buffer.from(value, 'utf16le') },
    { value, encoding: 'gbk', bytes: iconv.encode(value, 'gbk') },
  ]);
}

/** Regular files only: the run's folder also holds pseudo-terminal links, which must not be read. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    const st = lstatSync(p);
    return st.isDirectory() ? files(p) : st.isFile() ? [p] : [];
  });
}

/** Searches every file under `dirs` and every extra text for any sample card's personal data. */
export function scanForPersonalData(
  dirs: string[],
  texts: Record<string, string> = {},
): { hits: Hit[]; filesScanned: number } {
  const needles = sensitiveNeedles();
  const hits: Hit[] = [];
  const all = dirs.flatMap(files);
  const haystacks: [string, Buffer][] = [
    ...all.map((f) => [f, readFileSync(f)] as [string, Buffer]),
    ...Object.entries(texts).map(([k, v]) => [k, Buffer.from(v, 'utf8')] as [string, Buffer]),
  ];
  for (const [where, data] of haystacks) {
    for (const n of needles)
      if (data.includes(n.bytes))
        hits.push({ where, value: n.value.slice(0, 1) + '…', encoding: n.encoding });
  }
  return { hits, filesScanned: all.length };
}
