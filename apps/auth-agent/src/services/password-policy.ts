import {
  EMAIL_MAX_LENGTH,
  emailAddress,
  fieldIssues,
  type FieldIssue,
  NAME_MAX_LENGTH,
  normalizeEmail,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordRuleProblems,
  personName,
  RegisterShape,
} from '@mt/messages';
import { guessabilityProblem } from './password-strength';

/*
 * The email, name and password rules are the account shapes' (libs/messages, ADR 200), which the
 * gateway checks too. What is auth-agent's own: how guessable a password is (zxcvbn-ts, with the
 * account's email and name as known words), which needs the dictionaries and, at a reset, the
 * stored account.
 */

/** A field error, as the gateway lists them in a VALIDATION_FAILED problem. */
export type FieldError = FieldIssue;

export { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, normalizeEmail, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

const EMAIL = emailAddress();
const NAME = personName();

/** The email's one error (required, length, syntax), or none. */
export function emailErrors(email: unknown): FieldError[] {
  const checked = EMAIL.safeParse(email);
  return checked.success ? [] : checked.error.issues.map((issue) => ({ field: 'email', message: issue.message }));
}

/** The name's one error (required, length), or none. */
export function nameErrors(name: unknown): FieldError[] {
  const checked = NAME.safeParse(name);
  return checked.success ? [] : checked.error.issues.map((issue) => ({ field: 'name', message: issue.message }));
}

/** The words of a user's own that a password must not be made of. */
function knownWords(email?: string, name?: string): string[] {
  return [email, email?.split('@')[0], name, name?.replace(/\s+/g, ''), ...(name?.split(/\s+/) ?? [])].filter(
    (x): x is string => typeof x === 'string' && x.trim() !== '',
  );
}

/**
 * The password policy (ADR 020, ADR 104): the shapes' rules (length 10–128 characters, not the
 * email nor its local part, at least two character classes) and, when those pass, not easy to
 * guess by zxcvbn-ts (common and leaked passwords, words, repeats like `aaaaaaaaa1`, sequences,
 * keyboard walks, the user's own email and name). Every broken rule is reported, so a form can
 * show them all at once.
 */
export function passwordErrors(password: unknown, email?: string, name?: string): FieldError[] {
  if (typeof password !== 'string' || password === '') return [{ field: 'password', message: 'is required' }];
  const errors = passwordRuleProblems(password, email);
  if (errors.length === 0) {
    const guessable = guessabilityProblem(password, knownWords(email, name));
    if (guessable) errors.push(guessable);
  }
  return errors.map((message) => ({ field: 'password', message }));
}

/** Every field error of a registration, in field order: the registration shape's, then how guessable the password is. */
export function registrationErrors(input: { email: unknown; password: unknown; name: unknown }): FieldError[] {
  // The payload's other keys (the caller's address) are not the registration's.
  const checked = RegisterShape.safeParse({ email: input.email, password: input.password, name: input.name });
  const errors = checked.success ? [] : fieldIssues(checked.error.issues);
  if (typeof input.password !== 'string' || errors.some((e) => e.field === 'password')) return errors;
  const email = typeof input.email === 'string' ? input.email : undefined;
  const name = typeof input.name === 'string' ? input.name : undefined;
  const guessable = guessabilityProblem(input.password, knownWords(email, name));
  if (!guessable) return errors;
  // In its field's place: after the email's errors, before the name's.
  const at = errors.findIndex((e) => e.field === 'name');
  const row = { field: 'password', message: guessable };
  return at < 0 ? [...errors, row] : [...errors.slice(0, at), row, ...errors.slice(at)];
}
