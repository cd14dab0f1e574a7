import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * PINs are kept only as slow salted hashes: `scrypt$N$r$p$salt$hash` (base64). scrypt with N = 2^15
 * costs ~100 ms and 32 MiB here, so guessing a 6-digit PIN from a stolen config takes days, and the
 * lock-out (credential-guard.ts) stops guessing at the screen.
 */
const DEFAULT = { N: 1 << 15, r: 8, p: 1, keyLength: 32 };

function derive(
  pin: string,
  salt: Buffer,
  N: number,
  r: number,
  p: number,
  keyLength: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin.normalize('NFKC'), salt, keyLength, { N, r, p, maxmem: 256 * N * r }, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  );
}

export async function hashPin(pin: string, cost: Partial<typeof DEFAULT> = {}): Promise<string> {
  const { N, r, p, keyLength } = { ...DEFAULT, ...cost };
  const salt = randomBytes(16);
  const key = await derive(pin, salt, N, r, p, keyLength);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Compares in constant time; a malformed hash never matches (and never throws). */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 1 << 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (salt.length < 8 || expected.length < 16 || expected.length > 64) return false;
  try {
    const key = await derive(pin, salt, N, r, p, expected.length);
    return timingSafeEqual(key, expected);
  } catch {
    return false;
  }
}
