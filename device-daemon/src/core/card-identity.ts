/**
 * The domain's identity types. The bytes of a card become these in one place, the codec
 * `devices/id-card/id-text.ts`; every service that holds or uses an identity imports them from here.
 */

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
