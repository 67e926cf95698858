import type { z } from 'zod';
import { MeshError } from '../errors';
import { type FieldIssue, fieldIssues } from './shapes/fields';

/** How an agent names what a shape refused, where it always named it differently from `checkedByShape`'s default. */
export interface ShapeCheckOptions {
  /** A field's path as the agent names it (`targets.0.body` → `targets[0].body`, see `bracketed`). */
  field?: (path: string) => string;
  /**
   * Between a field and its message in the error's text: `' '` (publishing-agent's `targets[0].body
   * must be …`), or `': '` as the gateway writes its 400s (`endDate: must be after startDate`).
   */
  separator?: ' ' | ': ';
}

/**
 * A task's input checked by the shape the gateway checks it with (ADR 182, ADR 202), so an agent
 * applies the same rules to every sender: the parsed value, or a 400 `VALIDATION_FAILED` naming
 * every field in `details.errors` (never retried). `options` (or a function, its `field`) names
 * the fields as the agent always named them.
 */
export function checkedByShape<S extends z.ZodType>(shape: S, value: unknown, options: ShapeCheckOptions | ((path: string) => string) = {}): z.output<S> {
  const { field = (path: string) => path, separator = ' ' } = typeof options === 'function' ? { field: options } : options;
  const parsed = shape.safeParse(value);
  if (parsed.success) return parsed.data;
  const seen = new Set<string>();
  // A field is named once per message, as the gateway reports it.
  const errors: FieldIssue[] = fieldIssues(parsed.error.issues)
    .map((e) => ({ field: field(e.field), message: e.message }))
    .filter((e) => !seen.has(`${e.field}\n${e.message}`) && !!seen.add(`${e.field}\n${e.message}`));
  throw new MeshError('VALIDATION_FAILED', errors.map((e) => `${e.field}${separator}${e.message}`).join('; '), {
    status: 400,
    retryable: false,
    details: { errors },
  });
}

/** A field's path with its list indexes in brackets, as publishing-agent names them: `targets[0].mediaIds[2]`. */
export const bracketed = (path: string): string => path.replace(/\.(\d+)/g, '[$1]');

/** A list's item error named on its list (`goals.1` → `goals`), as the gateway names an item of a list of plain values. */
export const onTheList = (path: string): string => path.replace(/(\.\d+)+$/, '');
