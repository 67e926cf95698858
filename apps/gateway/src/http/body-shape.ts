import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { type FieldError, ProblemError } from './problem';

/** How deep a JSON body may nest: the deepest the API takes is 4 levels; 32 leaves room and keeps every walk of it shallow. */
export const MAX_BODY_DEPTH = 32;

/**
 * What no field may hold whatever its validation says: a body nested deeper than MAX_BODY_DEPTH
 * (validators, logging and canonical JSON walk it recursively) and NUL characters in any string or
 * key (PostgreSQL text cannot store them). Walked with an explicit stack, so a body nested
 * 5,000 deep is refused without recursion. Answers the fields at fault, or null.
 */
export function bodyShapeProblems(body: unknown): FieldError[] | null {
  if (body === null || typeof body !== 'object') return typeof body === 'string' && body.includes('\u0000') ? [nul('body')] : null;
  const errors: FieldError[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 1 }];
  while (stack.length > 0 && errors.length < 20) {
    const { value, path, depth } = stack.pop()!;
    if (depth > MAX_BODY_DEPTH) return [{ field: path || 'body', message: `is nested more than ${MAX_BODY_DEPTH} levels deep` }];
    const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value as object);
    for (const [k, v] of entries) {
      const field = path ? `${path}.${k}` : k;
      if (k.includes('\u0000')) errors.push(nul(field.replaceAll('\u0000', '\\u0000')));
      else if (typeof v === 'string' && v.includes('\u0000')) errors.push(nul(field));
      else if (v !== null && typeof v === 'object') stack.push({ value: v, path: field, depth: depth + 1 });
    }
  }
  return errors.length > 0 ? errors : null;
}

const nul = (field: string): FieldError => ({ field, message: 'must not contain NUL characters (\\u0000)' });

/**
 * Refuses a parsed JSON body of the wrong shape with 400 VALIDATION_FAILED and the fields at fault.
 * A `preValidation` hook: the first moment the body is parsed, before any guard or handler.
 */
export function requireSaneBody(req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const errors = req.body === undefined ? null : bodyShapeProblems(req.body);
  if (errors) {
    return done(new ProblemError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors }));
  }
  done();
}
