import { ETHNICITIES, GENDERS } from './code-tables.ts';
import { isValidIdNumber } from './id-number.ts';
import type { CardIdentity, DocumentType } from '../../core/card-identity.ts';

function ucs2(block: Uint8Array, offset: number, size: number): string {
  let s = '';
  for (let i = offset; i + 1 < offset + size; i += 2)
    s += String.fromCharCode(block[i]! | (block[i + 1]! << 8));
  // Fields are padded with spaces (some readers pad with NULs): trim both.
  let end = s.length;
  while (end > 0 && (s.charCodeAt(end - 1) === 0 || /\s/.test(s[end - 1]!))) end--;
  return s.slice(0, end).trimStart();
}

function date(text: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

function validTo(text: string): string | 'longTerm' | null {
  if (text === '长期') return 'longTerm';
  return date(text);
}

/** The document type, from the character at text offset 248 (`J`, `I`, anything else: resident). */
export function documentTypeOf(block: Uint8Array): DocumentType {
  const c = String.fromCharCode(block[248] ?? 0);
  return c === 'J' ? 'hkMacaoTaiwanResidence' : c === 'I' ? 'foreignPermanentResident' : 'resident';
}

/** Decodes the 256-byte UCS-2LE text block of a resident ID card, an HK/Macao/Taiwan residence permit or a foreign permanent resident card. */
export function decodeTextBlock(block: Uint8Array): CardIdentity | string {
  if (block.length !== 256) return `text block of ${block.length} bytes (expected 256)`;
  const type = documentTypeOf(block);
  if (type === 'foreignPermanentResident') {
    const idNumber = ucs2(block, 122, 30);
    return {
      documentType: type,
      englishName: ucs2(block, 0, 120),
      gender: GENDERS[ucs2(block, 120, 2)] ?? 'unknown',
      idNumber,
      numberCheck:
        idNumber.length === 18 ? (isValidIdNumber(idNumber) ? 'valid' : 'invalid') : 'notApplicable',
      nationality: ucs2(block, 152, 6) || null,
      name: ucs2(block, 158, 30),
      validFrom: date(ucs2(block, 188, 16)),
      validTo: validTo(ucs2(block, 204, 16)),
      birthDate: date(ucs2(block, 220, 16)),
      issuer: ucs2(block, 240, 8) || null,
      ethnicity: null,
      address: null,
      passNumber: null,
      issueCount: null,
    };
  }
  const idNumber = ucs2(block, 122, 36);
  const ethnicityCode = ucs2(block, 32, 4);
  return {
    documentType: type,
    name: ucs2(block, 0, 30),
    englishName: null,
    gender: GENDERS[ucs2(block, 30, 2)] ?? 'unknown',
    ethnicity: type === 'resident' ? (ETHNICITIES[ethnicityCode] ?? null) : null,
    birthDate: date(ucs2(block, 36, 16)),
    address: ucs2(block, 52, 70) || null,
    idNumber,
    numberCheck: isValidIdNumber(idNumber) ? 'valid' : 'invalid',
    issuer: ucs2(block, 158, 30) || null,
    validFrom: date(ucs2(block, 188, 16)),
    validTo: validTo(ucs2(block, 204, 16)),
    passNumber: type === 'hkMacaoTaiwanResidence' ? ucs2(block, 220, 18) || null : null,
    issueCount: type === 'hkMacaoTaiwanResidence' ? ucs2(block, 238, 4) || null : null,
    nationality: null,
  };
}
