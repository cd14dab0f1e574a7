import * as z from 'zod/mini';

/** Every text a citizen can see exists in both languages the kiosk speaks. */
export const Locale = z.enum(['zh', 'en']);
export type Locale = z.infer<typeof Locale>;

export const LocalizedText = z.object({
  zh: z.string().check(z.minLength(1)),
  en: z.string().check(z.minLength(1)),
});
export type LocalizedText = z.infer<typeof LocalizedText>;
