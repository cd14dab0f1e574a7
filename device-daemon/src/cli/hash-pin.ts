import { readFileSync } from 'node:fs';
import { hashPin } from '../auth/pin-hash.ts';

/** `kiosk hash-pin`: the hash of a PIN read from standard input (the PIN itself is never stored). */
export async function hashPinCommand(): Promise<number> {
  const pin = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  if (!/^\d{4,12}$/.test(pin)) {
    console.error(
      'The PIN must be 4–12 digits (it is typed on a number pad). Example: read -s PIN; echo "$PIN" | npx kiosk hash-pin',
    );
    return 1;
  }
  console.log(await hashPin(pin));
  return 0;
}
