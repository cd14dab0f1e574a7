/** GB 11643 weights for the first 17 digits. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character (MOD 11-2) for the first 17 digits of an 18-character ID number. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/**
 * Whether an 18-character citizen ID number (also HK/Macao/Taiwan residence permits, 81/82/83…, and
 * 2023 foreign permanent resident cards, 9…) is well formed and its check character is right.
 */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  return checkCharacter(id.slice(0, 17)) === id[17];
}
