import { z } from 'zod';
import { bracketed, checkedByShape, onTheList } from './shape-check';

const Shape = z.strictObject({
  tags: z.array(z.string().min(2, 'must be 2 or more characters')),
  items: z.array(z.strictObject({ id: z.string({ error: 'must be a string' }) })),
  count: z.number().int('must be a whole number from 1 to 9').min(1, 'must be a whole number from 1 to 9'),
});

const refusal = (run: () => unknown): { message: string; status?: number; retryable: boolean; errors: unknown } => {
  try {
    run();
  } catch (e) {
    const error = e as { message: string; status?: number; retryable: boolean; details: { errors: unknown } };
    return { message: error.message, status: error.status, retryable: error.retryable, errors: error.details.errors };
  }
  throw new Error('expected a refusal');
};

describe('checkedByShape', () => {
  const bad = { tags: ['a', 'b'], items: [{ id: 1 }], count: 0.5 };

  it('returns the parsed value when the shape takes it', () => {
    expect(checkedByShape(Shape, { tags: ['ab'], items: [], count: 3 })).toEqual({ tags: ['ab'], items: [], count: 3 });
  });

  it('refuses with every field, each once per message, never retried', () => {
    expect(refusal(() => checkedByShape(Shape, bad))).toEqual({
      message:
        'tags.0 must be 2 or more characters; tags.1 must be 2 or more characters; items.0.id must be a string; count must be a whole number from 1 to 9',
      status: 400,
      retryable: false,
      errors: [
        { field: 'tags.0', message: 'must be 2 or more characters' },
        { field: 'tags.1', message: 'must be 2 or more characters' },
        { field: 'items.0.id', message: 'must be a string' },
        { field: 'count', message: 'must be a whole number from 1 to 9' },
      ],
    });
  });

  it("names the fields as the agent does: bracketed, or a list's item on its list with the gateway's separator", () => {
    expect(refusal(() => checkedByShape(Shape, bad, bracketed)).errors).toContainEqual({ field: 'items[0].id', message: 'must be a string' });
    expect(refusal(() => checkedByShape(Shape, bad, { field: onTheList, separator: ': ' }))).toMatchObject({
      message: 'tags: must be 2 or more characters; items.0.id: must be a string; count: must be a whole number from 1 to 9',
      errors: [
        { field: 'tags', message: 'must be 2 or more characters' },
        { field: 'items.0.id', message: 'must be a string' },
        { field: 'count', message: 'must be a whole number from 1 to 9' },
      ],
    });
  });
});
