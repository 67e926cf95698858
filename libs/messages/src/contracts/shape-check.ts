import type { z } from 'zod';
import { MeshError } from '../errors';
import { type FieldIssue, fieldIssues } from './shapes/fields';

/**
 * A task's input checked by the shape the gateway checks it with (ADR 182, ADR 202), so an agent
 * applies the same rules to every sender: the parsed value, or a 400 `VALIDATION_FAILED` naming
 * every field in `details.errors` (never retried). `field` writes a field's path as the agent
 * always named it (`targets.0.body` → `targets[0].body`, see `bracketed`).
 */
export function checkedByShape<S extends z.ZodType>(shape: S, value: unknown, field: (path: string) => string = (path) => path): z.output<S> {
  const parsed = shape.safeParse(value);
  if (parsed.success) return parsed.data;
  const seen = new Set<string>();
  // A field is named once per message, as the gateway reports it.
  const errors: FieldIssue[] = fieldIssues(parsed.error.issues)
    .map((e) => ({ field: field(e.field), message: e.message }))
    .filter((e) => !seen.has(`${e.field}\n${e.message}`) && !!seen.add(`${e.field}\n${e.message}`));
  throw new MeshError('VALIDATION_FAILED', errors.map((e) => `${e.field} ${e.message}`).join('; '), {
    status: 400,
    retryable: false,
    details: { errors },
  });
}

/** A field's path with its list indexes in brackets, as publishing-agent names them: `targets[0].mediaIds[2]`. */
export const bracketed = (path: string): string => path.replace(/\.(\d+)/g, '[$1]');
