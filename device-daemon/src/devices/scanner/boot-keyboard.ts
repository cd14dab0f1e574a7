/**
 * Keyboard-wedge scanners type what they read as a USB boot keyboard: 8-byte reports of
 * `modifier, reserved, keycode[6]` (devices.md §3). A key counts when it appears in a report that did
 * not hold it before; Enter ends a code. US layout, printable ASCII: what scanners send by default.
 */
const SHIFT_BITS = 0x02 | 0x20;
const ENTER = 0x28;

const PLAIN: Record<number, string> = {
  0x2c: ' ',
  0x2d: '-',
  0x2e: '=',
  0x2f: '[',
  0x30: ']',
  0x31: '\\',
  0x33: ';',
  0x34: "'",
  0x36: ',',
  0x37: '.',
  0x38: '/',
};
const SHIFTED: Record<number, string> = {
  0x2c: ' ',
  0x2d: '_',
  0x2e: '+',
  0x2f: '{',
  0x30: '}',
  0x31: '|',
  0x33: ':',
  0x34: '"',
  0x36: '<',
  0x37: '>',
  0x38: '?',
};
const SHIFTED_DIGITS = '!@#$%^&*()';

/** The character a usage id types, or null for keys that type nothing we accept. */
export function keyToChar(usage: number, shift: boolean): string | null {
  if (usage >= 0x04 && usage <= 0x1d) {
    const c = String.fromCharCode(97 + usage - 0x04);
    return shift ? c.toUpperCase() : c;
  }
  if (usage >= 0x1e && usage <= 0x27) {
    const i = usage - 0x1e;
    return shift ? SHIFTED_DIGITS[i]! : i === 9 ? '0' : String(i + 1);
  }
  return (shift ? SHIFTED[usage] : PLAIN[usage]) ?? null;
}

/** Longest code accepted; longer input is dropped (a stuck key, a scanner in a loop). */
export const MAX_WEDGE_CODE = 1024;

/** Turns boot keyboard reports into finished codes. Never throws; ignores malformed reports. */
export class BootKeyboardDecoder {
  #held = new Set<number>();
  #text = '';
  #overflow = false;

  /** Feeds one 8-byte report; returns a code when Enter finished one. */
  push(report: Uint8Array): string | null {
    if (report.length !== 8) return null;
    const shift = (report[0]! & SHIFT_BITS) !== 0;
    const now = new Set<number>();
    let done: string | null = null;
    for (const usage of report.subarray(2)) {
      if (usage === 0 || usage === 1) continue; // none / rollover error
      now.add(usage);
      if (this.#held.has(usage)) continue;
      if (usage === ENTER) {
        if (!this.#overflow && this.#text.length > 0) done = this.#text;
        this.#text = '';
        this.#overflow = false;
        continue;
      }
      const ch = keyToChar(usage, shift);
      if (ch === null) continue;
      if (this.#text.length >= MAX_WEDGE_CODE) this.#overflow = true;
      else this.#text += ch;
    }
    this.#held = now;
    return done;
  }

  reset(): void {
    this.#held.clear();
    this.#text = '';
    this.#overflow = false;
  }
}
