import { readFileSync } from 'node:fs';
import { MIN_PIN_LENGTH } from '../auth/credential-guard.ts';
import { hashPin } from '../auth/pin-hash.ts';

/** Whether `pin` may be hashed: 6–12 digits (it is typed on a number pad; the sign-in refuses shorter). */
export function acceptablePin(pin: string): boolean {
  return pin.length >= MIN_PIN_LENGTH && /^\d{1,12}$/.test(pin);
}

/** `kiosk hash-pin`: the hash of a PIN read from standard input (the PIN itself is never stored). */
export async function hashPinCommand(
  _argv: string[] = [],
  input = () => readFileSync(0, 'utf8'),
): Promise<number> {
  const pin = input().replace(/\r?\n$/, '');
  if (!acceptablePin(pin)) {
    console.error(
      `The PIN must be ${MIN_PIN_LENGTH}–12 digits (it is typed on a number pad). Example: read -s PIN; echo "$PIN" | npx kiosk hash-pin`,
    );
    return 1;
  }
  console.log(await hashPin(pin));
  return 0;
}
