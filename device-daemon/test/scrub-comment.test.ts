import { describe, expect, it } from 'vitest';
import { REDACTED, scrubComment } from '../src/ratings/scrub-comment.ts';

describe('scrubbing personal numbers from 差评 comments', () => {
  it.each([
    ['我的身份证号是110101199003071234，办了三次', `我的身份证号是${REDACTED}，办了三次`],
    ['身份证 11010119900307123X 没读出来', `身份证 ${REDACTED} 没读出来`],
    ['旧证 110101900307123', `旧证 ${REDACTED}`],
    ['电话13812345678请回电', `电话${REDACTED}请回电`],
    ['手机 138 1234 5678', `手机 ${REDACTED}`],
    ['call +86 138-1234-5678 please', `call ${REDACTED} please`],
    ['座机010-12345678', `座机${REDACTED}`],
    ['全角１３８１２３４５６７８', `全角${REDACTED}`],
    ['card 6222 0212 3456 7890 123', `card ${REDACTED}`],
  ])('%s', (input, expected) => {
    const r = scrubComment(input);
    expect(r.text).toBe(expected);
    expect(r.redacted).toBe(1);
  });

  it('keeps short numbers and dates, and the comment unchanged when nothing is hidden', () => {
    for (const ok of [
      '3号窗口等了45分钟',
      '2026-11-30 上午来的',
      '排到A012号',
      'waited 120 min at window 37',
      '',
    ]) {
      expect(scrubComment(ok)).toEqual({ text: ok, redacted: 0 });
    }
  });

  it('hides every number in a comment with several', () => {
    const r = scrubComment('13812345678 或 13912345678');
    expect(r).toEqual({ text: `${REDACTED} 或 ${REDACTED}`, redacted: 2 });
  });
});
