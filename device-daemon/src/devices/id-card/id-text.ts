import { ETHNICITIES, GENDERS } from './code-tables.ts';
import { isValidIdNumber } from './id-number.ts';

export type DocumentType = 'resident' | 'hkMacaoTaiwanResidence' | 'foreignPermanentResident';

/**
 * Everything the card's text block says. This is sensitive personal information: it stays inside the
 * daemon's memory for one session (see identity/identity-vault.ts) and never reaches a log or a file.
 */
export type CardIdentity = {
  documentType: DocumentType;
  /** Chinese name (for foreigners, the Chinese name on the card, possibly empty). */
  name: string;
  /** Foreign permanent residents only. */
  englishName: string | null;
  gender: 'unknown' | 'male' | 'female' | 'unstated';
  /** GB 3304 name; resident cards only. */
  ethnicity: string | null;
  /** YYYY-MM-DD */
  birthDate: string | null;
  address: string | null;
  idNumber: string;
  /** valid: MOD 11-2 passes; invalid: it fails (the card is not to be trusted); notApplicable: 15-character foreign permit. */
  numberCheck: 'valid' | 'invalid' | 'notApplicable';
  issuer: string | null;
  validFrom: string | null;
  /** YYYY-MM-DD, or 'longTerm' (长期). */
  validTo: string | 'longTerm' | null;
  /** HK/Macao/Taiwan residence permits. */
  passNumber: string | null;
  issueCount: string | null;
  /** Foreign permanent residents: GB/T 2659 nationality code. */
  nationality: string | null;
};

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
