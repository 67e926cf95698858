import { z } from 'zod';

/**
 * Building blocks of the shapes (ADR 182): each field states its rule once, with the message a
 * caller reads, and its description and example for the OpenAPI document. Plain zod, no Node API:
 * the web app imports the shapes too.
 */

/** A string trimmed of surrounding space, `min`–`max` characters after trimming. */
export const trimmedText = (min: number, max: number) =>
  z.string({ error: 'must be a string' }).trim().min(min, `must be ${min} to ${max} characters`).max(max, `must be ${min} to ${max} characters`);

/**
 * A list of distinct, trimmed, non-empty strings. An item's error names the item (`values.3`); the
 * gateway reports it on the list, as it always has.
 */
export const uniqueTextList = (limits: { items: number; itemMax: number }) =>
  z
    .array(trimmedText(1, limits.itemMax), { error: 'must be an array of strings' })
    .max(limits.items, `must have at most ${limits.items} items`)
    // Runs beside the items' own errors, so one answer names every bad item.
    .superRefine(
      (items, ctx) => {
        const seen = new Set<unknown>();
        items.forEach((item, i) => {
          if (typeof item === 'string' && seen.has(item)) ctx.addIssue({ code: 'custom', message: 'is a duplicate', path: [i] });
          seen.add(item);
        });
      },
      { when: (payload) => Array.isArray(payload.value) && payload.value.length <= limits.items },
    )
    .meta({ uniqueItems: true, description: `at most ${limits.items} items of 1–${limits.itemMax} characters` });

/** An optional text: a string (trimmed; blank becomes null) or null to clear it. */
export const clearableText = (max: number) =>
  z
    .string({ error: 'must be a string or null' })
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((text) => text || null)
    .nullable();

const TZ_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

/**
 * The canonical name of an IANA time zone ('europe/paris' → 'Europe/Paris'), or null when the
 * runtime's time-zone database does not know it. Offsets such as '+02:00' are not zones.
 */
export function canonicalTimeZone(name: string, max = 64): string | null {
  if (name.length > max || !TZ_SHAPE.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

const TIME_ZONE_MESSAGE = 'must be an IANA time zone name such as Europe/Paris';

/** An IANA time zone name, answered in its canonical spelling; `input` documents what may be sent (a default). */
export const timeZone = (max: number, input: { default?: string } = {}) =>
  z
    .string({ error: TIME_ZONE_MESSAGE })
    .max(max, TIME_ZONE_MESSAGE)
    .meta(input)
    .transform((name, ctx) => {
      const zone = canonicalTimeZone(name, max);
      if (zone) return zone;
      ctx.addIssue({ code: 'custom', message: TIME_ZONE_MESSAGE });
      return z.NEVER;
    });

/** An absolute http(s) URL with a dotted host name. */
export function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.') && !/\s/.test(text);
  } catch {
    return false;
  }
}

/** One of a fixed list of values. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of ${values.join(', ')}` });

/**
 * A request body that may be left out: no body at all is checked as an empty one, as the gateway
 * has always done, so a missing body is answered with the missing fields. The OpenAPI document
 * states the shape itself.
 */
export const bodyOrEmpty = <S extends z.ZodType>(shape: S) => z.preprocess((body) => body ?? {}, shape);

/** An ISO 8601 instant as the API writes it. */
export const instant = () => z.iso.datetime({ offset: true });

/** A field error as the API and the agents report it. */
export interface FieldIssue {
  field: string;
  message: string;
}

/**
 * zod's issues as field errors, in the order a reader expects: fields as they came, the items of a
 * list by index. An unknown key is named with "is not a known field".
 */
export function fieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  const rows: { path: PropertyKey[]; message: string }[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') for (const key of issue.keys) rows.push({ path: [...issue.path, key], message: 'is not a known field' });
    else rows.push({ path: issue.path, message: issue.message });
  }
  const firstSeen = new Map<PropertyKey, number>();
  for (const row of rows) if (!firstSeen.has(row.path[0])) firstSeen.set(row.path[0], firstSeen.size);
  const order = (a: (typeof rows)[number], b: (typeof rows)[number]): number => {
    const head = firstSeen.get(a.path[0])! - firstSeen.get(b.path[0])!;
    if (head !== 0) return head;
    for (let i = 1; i < Math.min(a.path.length, b.path.length); i++) {
      const [x, y] = [a.path[i], b.path[i]];
      if (x === y) continue;
      if (typeof x === 'number' && typeof y === 'number') return x - y;
      return 0;
    }
    return 0;
  };
  return [...rows].sort(order).map((row) => ({ field: row.path.map(String).join('.'), message: row.message }));
}

/** The largest amount a numeric(12, 2) column holds (budgets, spend). */
export const MAX_MONEY_COLUMN = 9_999_999_999.99;

/**
 * An amount of money: a finite number within [min, max] with at most two decimal places, checked
 * on the number itself (`1e-7` is a number with too many decimals, not a text to parse). `max`
 * defaults to what a numeric(12, 2) column holds.
 */
export const money = (bounds: { min: number; max?: number }) => {
  const max = bounds.max ?? MAX_MONEY_COLUMN;
  const message = `must be an amount from ${bounds.min} to ${max} with at most 2 decimal places`;
  return (
    z
      .number({ error: message })
      // One error per amount: a bound stops the checks after it.
      .min(bounds.min, { message, abort: true })
      .max(max, { message, abort: true })
      // The shortest text of the number has at most two decimals: 12.5 and 0.07 pass; 1e-7 and 5e-324 do not.
      .refine((value) => Number(value.toFixed(2)) === value, message)
      .meta({ multipleOf: 0.01 })
  );
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date (YYYY-MM-DD) that exists. */
export const calendarDate = (message: string) =>
  z
    .string({ error: message })
    // One error per date: a text of another form is not then checked as a day.
    .regex(DATE, { message, abort: true })
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    }, message);

/** A UUID in any version (the ids this API gives out). */
export const uuidField = () => z.guid({ error: 'must be a UUID' });

/**
 * As the gateway has always reported them: an error on an item of a list of plain values is the
 * list's (`platforms`, not `platforms.3`); items that are objects keep their index (`audiences.0.name`).
 */
export function listFieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return fieldIssues(issues).map(({ field, message }) => ({ field: field.replace(/(\.\d+)+$/, ''), message }));
}

// validator.js's ISO 8601 grammar (the gateway's former IsISO8601 check), so a query that passed before still passes.
const ISO_8601 =
  /^([+-]?\d{4}(?!\d{2}\b))((-?)((0[1-9]|1[0-2])(\3([12]\d|0[1-9]|3[01]))?|W([0-4]\d|5[0-3])(-?[1-7])?|(00[1-9]|0[1-9]\d|[12]\d{2}|3([0-5]\d|6[1-6])))([T\s]((([01]\d|2[0-3])((:?)[0-5]\d)?|24:?00)([.,]\d+(?!:))?)?(\17[0-5]\d([.,]\d+)?)?([zZ]|([+-])([01]\d|2[0-3]):?([0-5]\d)?)?)?)?$/;

/** The day an ISO 8601 text names exists (no 2026-02-30, no day 366 of a common year). */
function isoDayExists(text: string): boolean {
  const ordinal = /^(\d{4})-?(\d{3})([ T]|$)/.exec(text);
  if (ordinal) {
    const year = Number(ordinal[1]);
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return Number(ordinal[2]) <= (leap ? 366 : 365);
  }
  const [, year, month, day] = /(\d{4})-?(\d{0,2})-?(\d*)/.exec(text)!.map(Number);
  if (!month || !day) return true;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() + 1 === month && d.getUTCDate() === day;
}

/** An ISO 8601 date or instant (a calendar day that exists), as the API has always accepted it. */
export const iso8601 = (message = 'must be a valid ISO 8601 date string') =>
  // A refinement, not a pattern: the grammar is no help to a reader of the OpenAPI document.
  z.string({ error: message }).refine((text) => ISO_8601.test(text) && isoDayExists(text), message);
