import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import type { FieldError } from './problem';
import { ProblemError } from './problem';
import { isZodDto, zodFieldErrors } from './zod-dto';

const invalid = (list: FieldError[]) =>
  new ProblemError('VALIDATION_FAILED', list.map((e) => `${e.field}: ${e.message}`).join('; ') || 'invalid input', { errors: list });

/**
 * The types a parameter has when it names no DTO: `string` (a named query key such as
 * `@Query('brandId')`, checked by its own pipe), `unknown` or `Record<string, unknown>` (a handler
 * that reads its input itself: the multipart upload's fields, a signed link's query).
 */
const NOT_A_DTO: readonly unknown[] = [String, Number, Boolean, Object, Array];

/**
 * The gateway's validation of every body and query: the DTO is built from a zod shape (ADR 182)
 * and parsed by it, unknown fields refused, the field errors one VALIDATION_FAILED problem. A
 * body or query typed by any other class is a programming error, refused on first use rather than
 * passed on unchecked (ADR 201). Path parameters and custom decorators keep their own pipes.
 */
class StrictValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype, type } = metadata;
    if (isZodDto(metatype)) {
      const parsed = await metatype.zodSchema.safeParseAsync(value);
      if (!parsed.success) throw invalid(zodFieldErrors(parsed.error));
      return parsed.data;
    }
    if ((type === 'body' || type === 'query') && typeof metatype === 'function' && !NOT_A_DTO.includes(metatype))
      throw new Error(
        `${metatype.name || 'an anonymous class'} (a @${type === 'body' ? 'Body' : 'Query'}() DTO) is not a zod DTO: declare it as \`class ${metatype.name || 'X'} extends zodDto(Shape) {}\` (ADR 182, ADR 201)`,
      );
    return value;
  }
}

/** zod on every body and query: unknown fields rejected, types converted, field errors listed. */
export function strictValidationPipe(): PipeTransform<unknown, Promise<unknown>> {
  return new StrictValidationPipe();
}

/**
 * A value a handler reads itself (the multipart upload's fields, tus's Upload-Metadata) parsed by
 * its shape: the parsed value, or the same VALIDATION_FAILED problem the pipe gives a JSON body.
 */
export function parsedByShape<S extends z.ZodType>(shape: S, value: unknown): z.output<S> {
  const parsed = shape.safeParse(value);
  if (!parsed.success) throw invalid(zodFieldErrors(parsed.error));
  return parsed.data;
}
