import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/harness.ts';
import { scanForPersonalData } from '../support/privacy-scan.ts';

// The privacy scan proves absence only if it would have found presence.
describe('the privacy scan', () => {
  it('finds a sample ID number or name written in UTF-8, UCS-2 or GBK, and nothing in clean files', () => {
    const dir = tempDir('scan');
    writeFileSync(join(dir, 'clean.log'), '{"msg":"ticket issued","ticket":"A001"}\n');
    expect(scanForPersonalData([dir]).hits).toEqual([]);

    writeFileSync(join(dir, 'utf8.log'), 'x 360102199208204522 y');
    writeFileSync(join(dir, 'ucs2.bin'), Buffer.from('陈测试', 'utf16le'));
    writeFileSync(join(dir, 'gbk.bin'), iconv.encode('江西省南昌市东湖区示例路一号', 'gbk'));
    const { hits } = scanForPersonalData([dir], { 'a log line': '{"name":"SMITH, JOHN EXAMPLE"}' });
    const found = hits.map((h) => `${h.where.split('/').pop()}:${h.encoding}`);
    expect(found).toEqual(
      expect.arrayContaining(['utf8.log:utf8', 'ucs2.bin:ucs2', 'gbk.bin:gbk', 'a log line:utf8']),
    );
  });
});
