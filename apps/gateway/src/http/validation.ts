import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import type { FieldError } from './problem';
import { ProblemError } from './problem';

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

/** class-validator on every body and query: unknown fields rejected, types converted, field errors listed. */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const list = flatten(errors);
      return new ProblemError('VALIDATION_FAILED', list.map((e) => `${e.field}: ${e.message}`).join('; ') || 'invalid input', {
        errors: list,
      });
    },
  });
}

/** The largest amount a numeric(12, 2) column holds (budgets, spend). */
export const MAX_MONEY_COLUMN = 9_999_999_999.99;

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
