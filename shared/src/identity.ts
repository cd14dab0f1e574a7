import * as z from 'zod/mini';
import { ID_READ_FAILURES } from './vocabulary.ts';

export { ID_READ_FAILURES };

/**
 * What the UI may know of a person identified by their card: masked, and nothing more. The full
 * identity never leaves the daemon.
 */
export const DocumentType = z.enum(['resident', 'hkMacaoTaiwanResidence', 'foreignPermanentResident']);
export type DocumentType = z.infer<typeof DocumentType>;

export const MaskedIdentity = z.strictObject({
  documentType: DocumentType,
  /** First character, then one * for each other character: 李** */
  maskedName: z.string(),
  /** First 4 and last 4 characters: 3601**********1238 */
  maskedNumber: z.string(),
  /** Whole years, in the hall's time zone; null if the card gives no usable birth date. */
  age: z.nullable(z.int().check(z.nonnegative())),
  /** The card's validity has ended. */
  expired: z.boolean(),
});
export type MaskedIdentity = z.infer<typeof MaskedIdentity>;

export const IdReadFailure = z.enum(ID_READ_FAILURES);
export type IdReadFailure = z.infer<typeof IdReadFailure>;
