import * as z from 'zod/mini';

/**
 * What the staff and technician APIs answer when they refuse a request (4xx): a sentence, and for
 * sign-in the tries left or the seconds to wait.
 */
export const ApiErrorBody = z.object({
  error: z.string(),
  /** 401 on sign-in: wrong PIN, this many tries left before the lock. */
  attemptsLeft: z.optional(z.int().check(z.nonnegative())),
  /** 429 on sign-in: locked after repeated wrong PINs, for this many seconds. */
  retryAfterSeconds: z.optional(z.int().check(z.nonnegative())),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** `POST …/login`: the PIN typed on the number pad. */
export const PinLoginRequest = z.strictObject({ pin: z.string().check(z.minLength(1), z.maxLength(64)) });
export type PinLoginRequest = z.infer<typeof PinLoginRequest>;

/** A session token for the `authorization: Bearer …` header, and when it expires (ISO time). */
export const PinLoginResponse = z.object({ token: z.string().check(z.minLength(1)), expiresAt: z.string() });
export type PinLoginResponse = z.infer<typeof PinLoginResponse>;

/** `POST …/logout` answers an empty object. */
export const EmptyResponse = z.object({});
export type EmptyResponse = z.infer<typeof EmptyResponse>;

/** Any schema of the HTTP wire types, and what it parses to (so clients need not import zod). */
export type WireSchema = z.ZodMiniType;
export type WireOutput<S extends WireSchema> = z.output<S>;
export type WireResult<S extends WireSchema> = ReturnType<S['safeParse']>;

/** Where an answer differs from its schema (`devices.0.state: Invalid option …`), shortened for a screen. */
export function describeWireIssues(error: z.core.$ZodError, max = 3): string {
  return error.issues
    .slice(0, max)
    .map((i) => `${i.path.map(String).join('.') || '(answer)'}: ${i.message}`)
    .join('; ');
}

/**
 * A schema that checks a value against `schema` but passes it on exactly as it came (nothing
 * stripped): for answers that are saved rather than shown, like the diagnostics bundle.
 */
export function keptAsSent<S extends WireSchema>(schema: S): z.ZodMiniType<z.input<S>, z.input<S>> {
  return z.unknown().check(
    z.superRefine((value, ctx) => {
      const result = schema.safeParse(value);
      if (!result.success)
        for (const { message, path } of result.error.issues)
          ctx.addIssue({ code: 'custom', message, path: [...path], input: value });
    }),
  ) as z.ZodMiniType<z.input<S>, z.input<S>>;
}
