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
