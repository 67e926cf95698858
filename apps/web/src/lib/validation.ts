import { z } from 'zod';
import { BRAND_LIMITS } from '@mt/contracts/brand.contract';
import { EMAIL_MAX_LENGTH, isEmailAddress, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, RegisterShape } from '@mt/contracts/shapes/auth.shapes';

/*
 * Client-side rules: the API's own shapes where the form is a request (sign-up), and copies of
 * the API's rules elsewhere (the gateway's brand DTOs and BRAND_LIMITS in libs/messages). The server
 * stays the judge: its 400 errors[] land on the same fields, so a rule that drifts here only shows
 * its message one round trip later (the password's guessability is always the server's).
 */

/** The API's own registration shape (libs/messages, ADR 200): the same rules, the same messages. */
export const signUpSchema = RegisterShape;
export const PASSWORD_MIN = PASSWORD_MIN_LENGTH;
export const PASSWORD_MAX = PASSWORD_MAX_LENGTH;

export const signInSchema = z.object({ email: z.string().trim().min(1, 'is required'), password: z.string().min(1, 'is required') });

// The API's own limits (one definition, shared with brand-agent and the gateway's DTOs).
export { BRAND_LIMITS };

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const list = (l: { items: number; itemMax: number }) =>
  z
    .array(z.string().min(1).max(l.itemMax, `each item must be at most ${l.itemMax} characters`))
    .max(l.items, `at most ${l.items} items`)
    .refine((a) => new Set(a).size === a.length, 'items must be distinct');

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const brandSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(BRAND_LIMITS.name.max, `must be at most ${BRAND_LIMITS.name.max} characters`),
  industry: text(BRAND_LIMITS.industry.max),
  description: text(BRAND_LIMITS.description.max),
  website: text(BRAND_LIMITS.website.max).refine((w) => w === '' || /^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(w), 'must be an http(s) URL'),
  audience: text(BRAND_LIMITS.audience.max),
  tone: text(BRAND_LIMITS.tone.max),
  values: list(BRAND_LIMITS.values),
  bannedWords: list(BRAND_LIMITS.bannedWords),
  pillars: list(BRAND_LIMITS.pillars),
  competitors: list(BRAND_LIMITS.competitors),
  timezone: z.string().max(BRAND_LIMITS.timezone.max).refine(isTimeZone, 'must be an IANA time zone name such as Europe/Paris'),
});

/** An invitation's address as typed (the server lower-cases it), with the account shapes' syntax. */
const email = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(EMAIL_MAX_LENGTH, `must be at most ${EMAIL_MAX_LENGTH} characters`)
  .refine(isEmailAddress, 'must be a valid email address');

export const memberSchema = z.object({ email, role: z.enum(['viewer', 'editor', 'owner']) });

/** The first message per top-level field, as the forms show them. */
export function issuesOf(result: { success: boolean; error?: z.ZodError }): Record<string, string> {
  const out: Record<string, string> = {};
  if (result.success || !result.error) return out;
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? 'form');
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

/** "a, b,  c" or one per line → distinct trimmed items. */
export function splitList(input: string): string[] {
  return [
    ...new Set(
      input
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** Errors that name their field ("Email is required"), for forms whose messages are read out of context. */
export function namedErrors(errors: Record<string, string>, labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([k, m]) => [k, labels[k] && !m.startsWith(labels[k]) ? `${labels[k]} ${m}` : m]));
}
