import type { ArgumentMetadata } from '@nestjs/common';
import { PageQueryDto } from '../dtos/pagination.dto';
import { strictValidationPipe } from './validation';

/** A body DTO that is not built from a zod shape: a class with fields, and nothing to check them by. */
class PlainDto {
  name?: string;
}

/** A subclass of a zod DTO with a field of its own: the shape does not know the field, so the class is no longer the shape. */
class KindQuery extends PageQueryDto {
  type?: 'image' | 'video';
}

/** The gateway's one validation pipe: zod DTOs only, and nothing passes unchecked (ADR 201). */
describe('the strict validation pipe', () => {
  const pipe = strictValidationPipe();
  const run = (value: unknown, metadata: ArgumentMetadata) => pipe.transform(value, metadata);

  it('refuses a body or query whose DTO class is not a zod DTO, naming the class, rather than passing it on', async () => {
    await expect(run({ name: 'x' }, { type: 'body', metatype: PlainDto })).rejects.toThrow(/PlainDto \(a @Body\(\) DTO\) is not a zod DTO/);
    await expect(run({ name: 'x' }, { type: 'query', metatype: PlainDto })).rejects.toThrow(/PlainDto \(a @Query\(\) DTO\) is not a zod DTO/);
    // Not even an empty body passes: the error is the route's, whatever is sent.
    await expect(run(undefined, { type: 'body', metatype: PlainDto })).rejects.toThrow(/not a zod DTO/);
    await expect(run({}, { type: 'body', metatype: PlainDto })).rejects.not.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('parses a subclass of a zod DTO by its shape alone: a field of its own is an unknown field', async () => {
    await expect(run({ limit: '3' }, { type: 'query', metatype: KindQuery })).resolves.toEqual({ limit: 3 });
    await expect(run({ limit: '3', type: 'video' }, { type: 'query', metatype: KindQuery })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      extra: { errors: [{ field: 'type', message: 'is not a known field' }] },
    });
  });

  it('leaves path parameters, custom decorators and named query keys to their own pipes', async () => {
    await expect(run('not-a-uuid', { type: 'param', metatype: String, data: 'id' })).resolves.toBe('not-a-uuid');
    await expect(run({ id: 1 }, { type: 'custom', metatype: PlainDto })).resolves.toEqual({ id: 1 });
    await expect(run('b1', { type: 'query', metatype: String, data: 'brandId' })).resolves.toBe('b1');
    // A handler that reads its input itself (the multipart upload's fields) types it as a record.
    await expect(run({ alt: 'x' }, { type: 'body', metatype: Object })).resolves.toEqual({ alt: 'x' });
  });
});
