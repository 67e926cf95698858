import { z } from 'zod';

/**
 * The account shapes (ADR 200): the gateway validates and documents its auth routes with them,
 * auth-agent checks a registration and a reset request with them, and the web app's sign-up form
 * and its user types come from them. What needs the stored account stays in auth-agent: whether
 * an email is taken, whether a reset token is valid, and how guessable a password is for this
 * user (zxcvbn-ts, with the account's own email and name as known words).
 */

export const EMAIL_MAX_LENGTH = 254;
export const PASSWORD_MIN_LENGTH = 10;
/** argon2 would take any length; a cap keeps a request from buying a long hash computation. */
export const PASSWORD_MAX_LENGTH = 128;
export const NAME_MAX_LENGTH = 100;

/**
 * Pragmatic email syntax: one @, a non-empty local part without spaces, a domain with a dot and
 * labels of letters, digits and hyphens. Deliverability is a matter for a confirmation email.
 */
const EMAIL = /^[^\s@"(),:;<>[\]\\]+@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** The address has the pragmatic syntax above (in any case). */
export function isEmailAddress(text: string): boolean {
  return EMAIL.test(text);
}

/** Lower-cases and trims: the one form an email is stored, compared and looked up in. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A missing field is required; a present one of another type is not a string. */
const stringError = (issue: { input?: unknown }) => (issue.input === undefined || issue.input === null ? 'is required' : 'must be a string');

/** An email address, answered trimmed and lower-cased (its stored form); one error at a time. */
export const emailAddress = () =>
  z
    .string({ error: stringError })
    .trim()
    .toLowerCase()
    .min(1, { message: 'is required', abort: true })
    .max(EMAIL_MAX_LENGTH, { message: `must be at most ${EMAIL_MAX_LENGTH} characters`, abort: true })
    // A refinement, not a pattern: the document would print a case-sensitive pattern for a case-blind rule.
    .refine(isEmailAddress, 'must be a valid email address')
    .meta({ format: 'email' });

/** A person's name, answered trimmed: 1–100 characters (code points, so an emoji is one). */
export const personName = () =>
  z
    .string({ error: stringError })
    .trim()
    .min(1, { message: 'is required', abort: true })
    .refine((name) => [...name].length <= NAME_MAX_LENGTH, `must be at most ${NAME_MAX_LENGTH} characters`)
    .meta({ maxLength: NAME_MAX_LENGTH });

/** The character classes a password mixes: lower, upper, digit, other. */
function classesOf(password: string): number {
  return [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u].filter((r) => r.test(password)).length;
}

const NOT_THE_EMAIL = 'must not be your email address';

/** The password is the email address or its local part (of 3 characters or more), whatever the case. */
function isTheEmail(password: string, email: string | undefined): boolean {
  if (typeof email !== 'string' || email.trim() === '') return false;
  const e = normalizeEmail(email);
  const local = e.split('@')[0];
  const p = password.toLowerCase().trim();
  return p === e || (local.length >= 3 && p === local);
}

/**
 * The rules of the password policy (ADR 020, ADR 104) that need no stored data, in the order a form
 * lists them: length 10–128 characters (code points), not the email nor its local part, at least
 * two character classes. auth-agent adds the last rule, not easy to guess by zxcvbn-ts, when these
 * pass. The password itself is never trimmed.
 */
export function passwordRuleProblems(password: string, email?: string): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  if (isTheEmail(password, email)) problems.push(NOT_THE_EMAIL);
  if (classesOf(password) < 2) problems.push('must mix at least two of: lower-case letters, upper-case letters, digits, symbols');
  return problems;
}

/** A new password: the policy's length and class rules (the email rule needs the email: see RegisterShape). */
const newPassword = () =>
  z
    .string({ error: stringError })
    .min(1, { message: 'is required', abort: true })
    .superRefine((password, ctx) => {
      for (const message of passwordRuleProblems(password)) ctx.addIssue({ code: 'custom', message });
    })
    .meta({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH });

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object';
}

/** POST /auth/register, and auth-agent's check of a registration. Unknown fields are refused. */
export const RegisterShape = z
  .strictObject({
    email: emailAddress().meta({ example: 'ada@example.com', description: 'Stored lower-cased; unique' }),
    password: newPassword().meta({
      example: 'correct-Horse-battery',
      description: '10–128 characters, at least two of: lower-case, upper-case, digits, symbols; not your email; not a common password',
    }),
    name: personName().meta({ example: 'Ada Lovelace' }),
  })
  .superRefine(
    (input, ctx) => {
      if (isTheEmail(input.password, input.email)) ctx.addIssue({ code: 'custom', path: ['password'], message: NOT_THE_EMAIL });
    },
    // Beside the fields' own errors, so one answer names every broken rule of every field.
    { when: (payload) => isRecord(payload.value) && typeof payload.value.password === 'string' && typeof payload.value.email === 'string' },
  );

/**
 * POST /auth/login. Only bounds: the email is compared in its stored form by auth-agent, and an
 * address that is no address, like a wrong password, is INVALID_CREDENTIALS (an account's password
 * is never held to today's policy at sign-in).
 */
export const LoginShape = z.strictObject({
  email: z.string({ error: stringError }).min(1, 'must not be empty').max(320, 'must be at most 320 characters').meta({ example: 'ada@example.com' }),
  password: z
    .string({ error: stringError })
    .min(1, 'must not be empty')
    .max(1024, 'must be at most 1024 characters')
    .meta({ example: 'correct-Horse-battery' }),
});

/** POST /auth/refresh. */
export const RefreshShape = z.strictObject({
  refreshToken: z
    .string({ error: stringError })
    .min(1, 'must not be empty')
    .max(512, 'must be at most 512 characters')
    .meta({ description: 'The refresh token of the last login or refresh; it is spent by this call' }),
});

const LogoutBodyShape = z.strictObject({
  refreshToken: z
    .string({ error: 'must be a string' })
    .max(512, 'must be at most 512 characters')
    .nullish()
    .meta({ description: "The session's refresh token: its session ends too (it must be yours)" }),
  allSessions: z
    .boolean({ error: 'must be a boolean value' })
    .nullish()
    .meta({ description: 'End every session of your account (all devices), not only this one', default: false }),
});

/** POST /auth/logout. No body at all is an empty one, and a field sent as null is left out, as they always were. */
export const LogoutShape = LogoutBodyShape.optional().transform((body): z.output<typeof LogoutBodyShape> => body ?? {});

/** POST /auth/password-reset. */
export const PasswordResetRequestShape = z.strictObject({
  email: emailAddress().meta({ example: 'ada@example.com' }),
});

/**
 * POST /auth/password-reset/confirm. The token is checked first, then the password against the
 * policy with the account's own email and name: both need the stored account, so auth-agent does it.
 */
export const PasswordResetConfirmShape = z.strictObject({
  token: z
    .string({ error: stringError })
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    .meta({ description: 'the token of the link in the mail; it works once, for 30 minutes' }),
  password: z
    .string({ error: stringError })
    .max(1024, 'must be at most 1024 characters')
    .meta({ description: 'the new password, under the same policy as registration' }),
});
