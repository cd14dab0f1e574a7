import * as z from 'zod/mini';
import { LocalizedText } from './text.ts';
import { AreaId } from './queue.ts';
import { RATING_REASONS } from './vocabulary.ts';

export { RATING_REASONS };

/** A service matter's code: letters, digits and dashes (hall codes vary; ours are like `SB-001`). */
export const MatterCode = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/));

export const MaterialForm = z.enum(['original', 'copy', 'originalAndCopy']);

/** One thing to bring (一次告知: all of them, so nobody comes twice). */
export const Material = z.strictObject({
  name: LocalizedText,
  form: MaterialForm,
  count: z.int().check(z.minimum(1), z.maximum(99)),
  note: z.optional(LocalizedText),
});
export type Material = z.infer<typeof Material>;

/**
 * A service matter (政务服务事项) and its guide (办事指南): what it is, who may apply, what to bring,
 * the steps, the legal and promised time limits (working days), fees, the legal basis, how many
 * visits it takes (0 = 一次不跑, 1 = 只跑一次), where it can be done online, questions, contact.
 */
export const Matter = z.strictObject({
  code: MatterCode,
  name: LocalizedText,
  areaId: AreaId,
  department: LocalizedText,
  conditions: z.array(LocalizedText),
  materials: z.array(Material),
  steps: z.array(LocalizedText).check(z.minLength(1)),
  legalDays: z.int().check(z.nonnegative(), z.maximum(365)),
  promisedDays: z.int().check(z.nonnegative(), z.maximum(365)),
  fees: LocalizedText,
  legalBasis: z.array(LocalizedText),
  visits: z.int().check(z.nonnegative(), z.maximum(9)),
  online: z.nullable(
    z.strictObject({ url: z.url({ protocol: /^https?$/ }), note: z.optional(LocalizedText) }),
  ),
  faq: z.array(z.strictObject({ q: LocalizedText, a: LocalizedText })),
  contact: z.strictObject({
    phone: z.optional(z.string().check(z.maxLength(40))),
    place: z.optional(LocalizedText),
  }),
  /** Other words people use for it (searchable). */
  keywords: z.optional(z.array(z.string().check(z.maxLength(40)))),
});
export type Matter = z.infer<typeof Matter>;

/** A life event (一链办理): matters that go together, e.g. starting a business, buying a home. */
export const LifeEvent = z.strictObject({
  id: z.string().check(z.regex(/^[a-z][a-zA-Z0-9-]{0,39}$/)),
  name: LocalizedText,
  matterCodes: z.array(MatterCode).check(z.minLength(1)),
});
export type LifeEvent = z.infer<typeof LifeEvent>;

export const CatalogueFile = z.strictObject({
  $schema: z.optional(z.string()),
  matters: z.array(Matter),
  lifeEvents: z._default(z.array(LifeEvent), []),
});
export type CatalogueFile = z.infer<typeof CatalogueFile>;

/** A matter in a list (search results, browsing): enough to choose it. */
export const MatterSummary = z.object({
  code: MatterCode,
  name: LocalizedText,
  areaId: AreaId,
  department: LocalizedText,
  visits: z.int(),
});
export type MatterSummary = z.infer<typeof MatterSummary>;

/** 好差评 levels, 5 = 非常满意 … 1 = 非常不满意; 2 and 1 count as 差评 and ask for reasons. */
export const RatingLevel = z.int().check(z.minimum(1), z.maximum(5));

export const RatingReason = z.enum(RATING_REASONS);
export type RatingReason = z.infer<typeof RatingReason>;

/** What a rating is about (one evaluation per service event, 一次一评). */
export const ServiceEventKind = z.enum(['ticket', 'checkIn', 'guide', 'print']);
export type ServiceEventKind = z.infer<typeof ServiceEventKind>;
