import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import type { FieldError } from './problem';
import { ProblemError } from './problem';
import { isZodDto, mixedDtoKeys, type ZodDtoClass, zodFieldErrors } from './zod-dto';
import { MAX_MONEY_COLUMN } from '@mt/messages';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(/^property (\S+) should not exist$/, 'is not a known field'),
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

const invalid = (list: FieldError[]) =>
  new ProblemError('VALIDATION_FAILED', list.map((e) => `${e.field}: ${e.message}`).join('; ') || 'invalid input', { errors: list });

/**
 * The gateway's validation of every body and query: a DTO built from a zod shape (ADR 182) is
 * parsed by it; any other by class-validator. Either way unknown fields are refused and the field
 * errors come back as one VALIDATION_FAILED problem.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (!isZodDto(metadata.metatype)) return super.transform(value, metadata);
    const mixed = mixedDtoKeys(metadata.metatype);
    if (mixed) return this.transformMixed(value, metadata.metatype, metadata, mixed);
    const parsed = await metadata.metatype.zodSchema.safeParseAsync(value);
    if (!parsed.success) throw invalid(zodFieldErrors(parsed.error));
    return parsed.data;
  }

  /**
   * A class-validator DTO on a zod base (ADR 190): the shape parses its keys, class-validator the
   * others, and every error of both comes back in one problem, the base's fields first.
   */
  private async transformMixed(value: unknown, dto: ZodDtoClass, metadata: ArgumentMetadata, keys: readonly string[]): Promise<unknown> {
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid([{ field: 'body', message: 'must be a JSON object' }]);
    const own = new Set(keys);
    const entries = Object.entries(value as Record<string, unknown>);
    const base = Object.fromEntries(entries.filter(([k]) => own.has(k)));
    const rest = Object.fromEntries(entries.filter(([k]) => !own.has(k)));
    const parsed = await dto.zodSchema.safeParseAsync(base);
    const errors: FieldError[] = parsed.success ? [] : zodFieldErrors(parsed.error);
    let instance: unknown;
    try {
      instance = await super.transform(rest, metadata);
    } catch (e) {
      if (!(e instanceof ProblemError) || !e.extra.errors) throw e;
      errors.push(...e.extra.errors);
    }
    if (errors.length) throw invalid(errors);
    return Object.assign(instance as object, parsed.data);
  }
}

/** class-validator or zod on every body and query: unknown fields rejected, types converted, field errors listed. */
export function strictValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => invalid(flatten(errors)),
  });
}

/** The largest amount a numeric(12, 2) column holds (budgets, spend): the shapes' own figure (ADR 182). */
export { MAX_MONEY_COLUMN };

/**
 * An amount of money: a finite number within [min, max] with at most two decimal places, checked
 * on the number itself (class-validator's maxDecimalPlaces reads its text and throws on `1e-7`).
 * `max` defaults to what a numeric(12, 2) column holds.
 */
export function IsMoney(bounds: { min: number; max?: number }, options?: ValidationOptions): PropertyDecorator {
  const max = bounds.max ?? MAX_MONEY_COLUMN;
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isMoney',
      target: target.constructor,
      propertyName: String(propertyName),
      // The bounds as constraints, so the OpenAPI document and the MCP tools state them (ADR 155).
      constraints: [bounds.min, max],
      options: { message: `must be an amount from ${bounds.min} to ${max} with at most 2 decimal places`, ...options },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'number' || !Number.isFinite(value) || value < bounds.min || value > max) return false;
          // The shortest text of the number has at most two decimals: 12.5 and 0.07 pass; 1e-7 and 5e-324 do not.
          return Number(value.toFixed(2)) === value;
        },
      },
    });
}
