import type { z } from 'zod';
import type { AiTaskDefinition } from '../tasks/common';
import { parseModelJson } from './json-repair';

export type ValidationStage = 'empty' | 'json' | 'schema' | 'domain';

export type ValidationResult<O> = { ok: true; value: O; repaired: boolean } | { ok: false; stage: ValidationStage; problems: string[] };

const MAX_PROBLEMS = 20;

export function formatZodIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, MAX_PROBLEMS).map((issue) => {
    const path = issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    return `${path || 'output'}: ${issue.message}`;
  });
}

/** parse → repair → schema → domain rules. Returns the typed value or every problem found at the first failing stage. */
export function validateOutput<I, O>(task: AiTaskDefinition<I, O>, raw: string | null | undefined, input: I): ValidationResult<O> {
  if (raw == null || raw.trim() === '') return { ok: false, stage: 'empty', problems: ['the answer was empty'] };
  const parsed = parseModelJson(raw);
  if (!parsed.ok) return { ok: false, stage: 'json', problems: [parsed.problem] };
  const checked = task.schema.safeParse(parsed.value);
  if (!checked.success) return { ok: false, stage: 'schema', problems: formatZodIssues(checked.error) };
  const problems = task.check(checked.data, input);
  if (problems.length) return { ok: false, stage: 'domain', problems: problems.slice(0, MAX_PROBLEMS) };
  return { ok: true, value: checked.data, repaired: parsed.repaired };
}
