import { guessabilityProblem } from './password-strength';

/** A field error, as the gateway lists them in a VALIDATION_FAILED problem. */
export interface FieldError {
  field: string;
  message: string;
}

export const PASSWORD_MIN_LENGTH = 10;
/** argon2 would take any length; a cap keeps a request from buying a long hash computation. */
export const PASSWORD_MAX_LENGTH = 128;
export const NAME_MAX_LENGTH = 100;
export const EMAIL_MAX_LENGTH = 254;

/**
 * Pragmatic email syntax: one @, a non-empty local part without spaces, a domain with a dot and
 * labels of letters, digits and hyphens. Deliverability is a matter for a confirmation email.
 */
const EMAIL = /^[^\s@"(),:;<>[\]\\]+@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Lower-cases and trims: the one form an email is stored, compared and looked up in. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emailErrors(email: unknown): FieldError[] {
  if (typeof email !== 'string' || email.trim() === '') return [{ field: 'email', message: 'is required' }];
  const e = normalizeEmail(email);
  if (e.length > EMAIL_MAX_LENGTH) return [{ field: 'email', message: `must be at most ${EMAIL_MAX_LENGTH} characters` }];
  if (!EMAIL.test(e)) return [{ field: 'email', message: 'must be a valid email address' }];
  return [];
}

export function nameErrors(name: unknown): FieldError[] {
  if (typeof name !== 'string' || name.trim() === '') return [{ field: 'name', message: 'is required' }];
  if ([...name.trim()].length > NAME_MAX_LENGTH) return [{ field: 'name', message: `must be at most ${NAME_MAX_LENGTH} characters` }];
  return [];
}

/** The character classes a password mixes: lower, upper, digit, other. */
function classesOf(password: string): number {
  let n = 0;
  if (/\p{Ll}/u.test(password)) n++;
  if (/\p{Lu}/u.test(password)) n++;
  if (/\p{Nd}/u.test(password)) n++;
  if (/[^\p{Ll}\p{Lu}\p{Nd}]/u.test(password)) n++;
  return n;
}

/**
 * The password policy (ADR 020, ADR 104): length 10–128 characters (code points), not the email
 * nor its local part, at least two character classes, and not easy to guess by zxcvbn-ts (common
 * and leaked passwords, words, repeats like `aaaaaaaaa1`, sequences, keyboard walks, the user's
 * own email and name). Every broken rule is reported, so a form can show them all at once.
 */
export function passwordErrors(password: unknown, email?: string, name?: string): FieldError[] {
  if (typeof password !== 'string' || password === '') return [{ field: 'password', message: 'is required' }];
  const errors: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) errors.push(`must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (length > PASSWORD_MAX_LENGTH) errors.push(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  const lower = password.toLowerCase();
  if (typeof email === 'string' && email.trim() !== '') {
    const e = normalizeEmail(email);
    const local = e.split('@')[0];
    if (lower.trim() === e || (local.length >= 3 && lower.trim() === local)) errors.push('must not be your email address');
  }
  if (classesOf(password) < 2) errors.push('must mix at least two of: lower-case letters, upper-case letters, digits, symbols');
  if (errors.length === 0) {
    const inputs = [email, email?.split('@')[0], name, name?.replace(/\s+/g, ''), ...(name?.split(/\s+/) ?? [])].filter(
      (x): x is string => typeof x === 'string' && x.trim() !== '',
    );
    const guessable = guessabilityProblem(password, inputs);
    if (guessable) errors.push(guessable);
  }
  return errors.map((message) => ({ field: 'password', message }));
}

/** Every field error of a registration, in field order. */
export function registrationErrors(input: { email: unknown; password: unknown; name: unknown }): FieldError[] {
  const email = typeof input.email === 'string' ? input.email : undefined;
  const name = typeof input.name === 'string' ? input.name : undefined;
  return [...emailErrors(input.email), ...passwordErrors(input.password, email, name), ...nameErrors(input.name)];
}
