import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, RegisterShape } from '@mt/contracts/shapes/auth.shapes';

/*
 * Client-side rules are the API's own shapes (libs/messages, ADR 182 and 205): a form turns its
 * values into the request body it sends and parses that body with the shape of the request, so a
 * form shows the server's limits and messages before any round trip. The server stays the judge:
 * its 400 errors[] land on the same fields (the password's guessability is always the server's).
 */

/** The API's own registration shape (libs/messages, ADR 200): the same rules, the same messages. */
export const signUpSchema = RegisterShape;
export const PASSWORD_MIN = PASSWORD_MIN_LENGTH;
export const PASSWORD_MAX = PASSWORD_MAX_LENGTH;

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

const isEmpty = (value: unknown) => value == null || value === '' || (Array.isArray(value) && value.length === 0);

/**
 * A request body checked with the API's shape for that request, as a form shows the result: the
 * shape's first message per top-level field (an item's error on its list, as the server's 400 lands),
 * and "is required" where the form left a refused field empty (a shape's message for an empty value,
 * such as "must be an http(s) URL" for no URL, reads oddly under an empty input). None when it passes.
 */
export function requestIssues(shape: z.ZodType, body: Record<string, unknown>): Record<string, string> {
  const result = shape.safeParse(body);
  const out: Record<string, string> = {};
  if (result.success) return out;
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? 'form');
    if (key in out) continue;
    out[key] = issue.path.length === 1 && isEmpty(body[key]) ? 'is required' : issue.message;
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
