import type { ArgumentMetadata } from '@nestjs/common';
import type { FieldError } from '../problem';
import { ProblemError } from '../problem';
import { strictValidationPipe } from '../validation';

// The gateway's validation as a DTO spec sees it: a value run through the app's one strict pipe
// (ADR 201) as a body, or as a query when `type` says so. Test support only (`testing/` is left
// out of the build and of production imports).

type Metatype = ArgumentMetadata['metatype'];
type Place = ArgumentMetadata['type'];

const pipe = strictValidationPipe();

/** What the handler receives: the parsed value, or the pipe's error (a rejected promise). */
export const validate = (value: unknown, metatype: Metatype, type: Place = 'body'): Promise<unknown> => pipe.transform(value, { type, metatype });

/**
 * The field errors a caller reads in the `VALIDATION_FAILED` problem, in order; `[]` when the value
 * passes. Any other failure is thrown as it is, so the test fails on it.
 */
export async function errorsOf(value: unknown, metatype: Metatype, type: Place = 'body'): Promise<FieldError[]> {
  try {
    await validate(value, metatype, type);
    return [];
  } catch (e) {
    if (e instanceof ProblemError && e.code === 'VALIDATION_FAILED') return e.extra.errors ?? [];
    throw e;
  }
}

/** The field of every error, in order, a field named once per broken rule. */
export const errorFieldsOf = async (value: unknown, metatype: Metatype, type: Place = 'body'): Promise<string[]> =>
  (await errorsOf(value, metatype, type)).map((e) => e.field);

/** The fields named by the errors, each once, in the order of their first error. */
export const fieldsOf = async (value: unknown, metatype: Metatype, type: Place = 'body'): Promise<string[]> => [
  ...new Set(await errorFieldsOf(value, metatype, type)),
];
