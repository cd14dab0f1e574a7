/**
 * Small structural checks for the messages the kiosk page receives, with no dependency: the page
 * validates every daemon message with these (protocol/daemon-message.ts) so that zod, which the
 * daemon uses for everything it accepts, stays out of the page. Each check answers `null` when the
 * value is well-formed, or one line naming the first offending field.
 *
 * `shared/test/daemon-message.test.ts` holds them to the zod schemas of the same messages: their types
 * must be equal, and both must accept and refuse the same values around a sample of each message.
 */
export type Check<T> = ((value: unknown, path: string) => string | null) & { readonly __type?: T };
export type Infer<C> = C extends Check<infer T> ? T : never;

/** A field that may be absent (as zod's `optional` inside an object). */
export type Optional<T> = { readonly optional: Check<T> };
type Shape = Record<string, Check<unknown> | Optional<unknown>>;
type Flat<T> = { [K in keyof T]: T[K] };
type ShapeType<S extends Shape> = Flat<
  { [K in keyof S as S[K] extends Optional<unknown> ? never : K]: Infer<S[K]> } & {
    [K in keyof S as S[K] extends Optional<unknown> ? K : never]?: S[K] extends Optional<infer T>
      ? T | undefined
      : never;
  }
>;

const at = (path: string) => path || '(root)';
const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

export type StringRules = { min?: number; max?: number; pattern?: RegExp; url?: RegExp };

export function str(rules: StringRules = {}): Check<string> {
  return (v, path) => {
    if (typeof v !== 'string') return `${at(path)}: expected string, received ${describe(v)}`;
    if (rules.min !== undefined && v.length < rules.min) return `${at(path)}: too short`;
    if (rules.max !== undefined && v.length > rules.max) return `${at(path)}: too long`;
    if (rules.pattern && !rules.pattern.test(v)) return `${at(path)}: does not match ${rules.pattern}`;
    if (rules.url && !urlWithProtocol(v, rules.url)) return `${at(path)}: not a URL`;
    return null;
  };
}

function urlWithProtocol(v: string, protocol: RegExp): boolean {
  try {
    const scheme = new URL(v.trim()).protocol;
    protocol.lastIndex = 0;
    return protocol.test(scheme.endsWith(':') ? scheme.slice(0, -1) : scheme);
  } catch {
    return false;
  }
}

/** A string passing a test of its own (e.g. a time range whose start is before its end). */
export function strWhere(test: (s: string) => boolean, what: string, rules: StringRules = {}): Check<string> {
  const base = str(rules);
  return (v, path) => base(v, path) ?? (test(v as string) ? null : `${at(path)}: ${what}`);
}

/** A safe integer within bounds (as zod's `int`). */
export function int(rules: { min?: number; max?: number } = {}): Check<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v))
      return `${at(path)}: expected integer, received ${describe(v)}`;
    if (rules.min !== undefined && v < rules.min) return `${at(path)}: below ${rules.min}`;
    if (rules.max !== undefined && v > rules.max) return `${at(path)}: above ${rules.max}`;
    return null;
  };
}

export const bool: Check<boolean> = (v, path) =>
  typeof v === 'boolean' ? null : `${at(path)}: expected boolean, received ${describe(v)}`;

export function literal<const T extends string | boolean>(expected: T): Check<T> {
  return (v, path) => (v === expected ? null : `${at(path)}: expected ${String(expected)}`);
}

export function oneOf<const T extends readonly string[]>(values: T): Check<T[number]> {
  return (v, path) =>
    typeof v === 'string' && values.includes(v) ? null : `${at(path)}: expected one of ${values.join(', ')}`;
}

export function nullable<T>(inner: Check<T>): Check<T | null> {
  return (v, path) => (v === null ? null : inner(v, path));
}

export function optional<T>(inner: Check<T>): Optional<T> {
  return { optional: inner };
}

export function array<T>(item: Check<T>, rules: { min?: number; max?: number } = {}): Check<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) return `${at(path)}: expected array, received ${describe(v)}`;
    if (rules.min !== undefined && v.length < rules.min) return `${at(path)}: too few items`;
    if (rules.max !== undefined && v.length > rules.max) return `${at(path)}: too many items`;
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], `${path}.${i}`.replace(/^\./, ''));
      if (problem) return problem;
    }
    return null;
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An object with these fields. Other fields are allowed (zod's `object`) unless `strict` (zod's
 * `strictObject`).
 */
export function object<S extends Shape>(shape: S, strict = false): Check<ShapeType<S>> {
  const keys = Object.keys(shape);
  return (v, path) => {
    if (!isRecord(v)) return `${at(path)}: expected object, received ${describe(v)}`;
    for (const key of keys) {
      const field = shape[key]!;
      const fieldPath = path ? `${path}.${key}` : key;
      const has = Object.prototype.hasOwnProperty.call(v, key) && v[key] !== undefined;
      if ('optional' in field) {
        if (!has) continue;
        const problem = field.optional(v[key], fieldPath);
        if (problem) return problem;
      } else {
        const problem = field(has ? v[key] : undefined, fieldPath);
        if (problem) return problem;
      }
    }
    if (strict) {
      for (const key of Object.keys(v))
        if (!Object.prototype.hasOwnProperty.call(shape, key))
          return `${at(path)}: unexpected field ${key.slice(0, 40)}`;
    }
    return null;
  };
}

export function strictObject<S extends Shape>(shape: S): Check<ShapeType<S>> {
  return object(shape, true);
}

/** An object whose field `key` says which of the variants it is (zod's `discriminatedUnion`). */
export function union<const K extends string, V extends Record<string, Check<unknown>>>(
  key: K,
  variants: V,
): Check<Infer<V[keyof V]>> {
  return (v, path) => {
    if (!isRecord(v)) return `${at(path)}: expected object, received ${describe(v)}`;
    const tag = v[key];
    const variant =
      (typeof tag === 'string' || typeof tag === 'boolean') &&
      Object.prototype.hasOwnProperty.call(variants, String(tag))
        ? variants[String(tag)]
        : undefined;
    if (!variant) return `${path ? `${path}.${key}` : key}: not a known ${key}`;
    return variant(v, path);
  };
}

/** An object whose keys, all optional, come from a list (zod's `partialRecord` over an enum). */
export function partialRecord<const K extends readonly string[], T>(
  keys: K,
  value: Check<T>,
): Check<Partial<Record<K[number], T>>> {
  return (v, path) => {
    if (!isRecord(v)) return `${at(path)}: expected object, received ${describe(v)}`;
    for (const key of Object.keys(v)) {
      if (!keys.includes(key)) return `${at(path)}: unexpected key ${key.slice(0, 40)}`;
      const problem = value(v[key], path ? `${path}.${key}` : key);
      if (problem) return problem;
    }
    return null;
  };
}

/** Any plain object (zod's `record(string, unknown)`). */
export const anyObject: Check<Record<string, unknown>> = (v, path) =>
  isRecord(v) ? null : `${at(path)}: expected object, received ${describe(v)}`;
