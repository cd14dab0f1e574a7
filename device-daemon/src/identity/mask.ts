import type { MaskedIdentity } from '@hall-kiosk/shared';
import type { CardIdentity } from '../core/card-identity.ts';
import { businessDate } from '../core/local-day.ts';

/** `3601**********1238`: the first 4 and last 4 characters, one * for each in between. */
export function maskIdNumber(n: string): string {
  if (n.length <= 8) return '*'.repeat(n.length);
  return `${n.slice(0, 4)}${'*'.repeat(n.length - 8)}${n.slice(-4)}`;
}

/** `李**`: the first character, one * for each other character. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** Whole years between a YYYY-MM-DD birth date and a YYYY-MM-DD day. */
export function ageOn(birthDate: string, day: string): number | null {
  const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!b || !d) return null;
  let age = Number(d[1]) - Number(b[1]);
  if (`${d[2]}${d[3]}` < `${b[2]}${b[3]}`) age--;
  return age >= 0 ? age : null;
}

/** The only view of an identity that leaves the daemon. */
export function toMasked(identity: CardIdentity, now: number, timeZone: string): MaskedIdentity {
  const today = businessDate(now, timeZone);
  return {
    documentType: identity.documentType,
    maskedName: maskName(identity.name || identity.englishName || ''),
    maskedNumber: maskIdNumber(identity.idNumber),
    age: identity.birthDate ? ageOn(identity.birthDate, today) : null,
    expired: identity.validTo !== null && identity.validTo !== 'longTerm' && identity.validTo < today,
  };
}
