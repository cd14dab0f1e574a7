/**
 * A 差评 comment is typed by the citizen and sent to the province as typed — and some people type their
 * own ID or phone number into it. Before a comment is stored, every run of seven or more digits
 * (spaces, dots and dashes between groups allowed; full-width digits counted; an ID number's final X
 * included) becomes "[已隐去]": ID numbers (18 or 15 characters), mobile and landline numbers, bank
 * cards. Shorter numbers (a window number, "3 次", a date like 2026-11-30 whose groups are short) stay.
 */
export const REDACTED = '[已隐去]';

const FULL_WIDTH = /[０-９Ｘｘ－\u3000]/g;
const toHalfWidth = (c: string): string =>
  c === '\u3000' ? ' ' : c === '－' ? '-' : String.fromCharCode(c.charCodeAt(0) - 0xfee0);

/** Digit groups joined by single separators, optionally ending in X (ID check character). */
const NUMBER_RUN = /\+?\d(?:[ .-]?\d)*(?:[ .-]?[Xx])?/g;

export function scrubComment(comment: string): { text: string; redacted: number } {
  let redacted = 0;
  const text = comment.replace(FULL_WIDTH, toHalfWidth).replace(NUMBER_RUN, (run) => {
    const digits = run.replace(/\D/g, '').length;
    if (digits < 7) return run;
    // A date (2026-11-30, 2026.11.30) is not a personal number.
    if (/^\d{4}[.-]\d{1,2}[.-]\d{1,2}$/.test(run)) return run;
    redacted++;
    return REDACTED;
  });
  return { text: redacted > 0 ? text : comment, redacted };
}
