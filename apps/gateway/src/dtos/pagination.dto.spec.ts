import type { ArgumentMetadata } from '@nestjs/common';
import { strictValidationPipe } from '../http/validation';
import { ListMessagesQuery, CreateMessageDto, ReplyDto } from './messages.dto';
import { ListNotificationsQuery } from './notifications.dto';
import { PageQueryDto } from './pagination.dto';
import { CreateTokenDto } from './tokens.dto';

/** The page query and the DTOs of ADR 190, through the app's own strict pipe. */
describe('page query, token, notification and message DTOs', () => {
  const pipe = strictValidationPipe();
  const run = (value: unknown, metatype: ArgumentMetadata['metatype'], type: ArgumentMetadata['type'] = 'query') => pipe.transform(value, { type, metatype });
  const errorsOf = async (value: unknown, metatype: ArgumentMetadata['metatype'], type: ArgumentMetadata['type'] = 'query') => {
    try {
      await run(value, metatype, type);
      return [];
    } catch (e) {
      expect(e).toMatchObject({ code: 'VALIDATION_FAILED' });
      return (e as { extra: { errors: { field: string; message: string }[] } }).extra.errors;
    }
  };
  const fieldsOf = async (value: unknown, metatype: ArgumentMetadata['metatype'], type: ArgumentMetadata['type'] = 'query') =>
    (await errorsOf(value, metatype, type)).map((e) => e.field);

  it('reads a page query from the query string: limit as a number, cursor as sent', async () => {
    await expect(run({ limit: '5', cursor: 'abc_-1' }, PageQueryDto)).resolves.toEqual({ limit: 5, cursor: 'abc_-1' });
    await expect(run({}, PageQueryDto)).resolves.toEqual({});
  });

  it('refuses a bad limit, a foreign cursor and unknown fields', async () => {
    for (const limit of ['0', '101', '2.5', 'ten', '']) expect(await fieldsOf({ limit }, PageQueryDto)).toEqual(['limit']);
    expect(await errorsOf({ cursor: 'a b' }, PageQueryDto)).toEqual([{ field: 'cursor', message: 'is not a cursor this API gave out' }]);
    expect(await fieldsOf({ cursor: 'x'.repeat(201) }, PageQueryDto)).toEqual(['cursor']);
    expect(await errorsOf({ other: '1' }, PageQueryDto)).toEqual([{ field: 'other', message: 'is not a known field' }]);
  });

  it('reads unread as the text true or false only', async () => {
    await expect(run({ unread: 'true', limit: '2' }, ListNotificationsQuery)).resolves.toEqual({ unread: true, limit: 2 });
    await expect(run({ unread: 'false' }, ListNotificationsQuery)).resolves.toEqual({ unread: false });
    for (const unread of ['1', 'yes', '']) expect(await fieldsOf({ unread }, ListNotificationsQuery)).toEqual(['unread']);
  });

  it('checks a new token: name, scopes, brands, budget and expiry', async () => {
    const token = { name: 'n8n', scopes: ['read', 'ai'] };
    await expect(run(token, CreateTokenDto, 'body')).resolves.toEqual(token);
    // The optional fields are left out, not sent as null (ADR 190).
    expect(await fieldsOf({ ...token, aiBudgetUsd: null, expiresAt: null, brandIds: null }, CreateTokenDto, 'body')).toEqual([
      'brandIds',
      'aiBudgetUsd',
      'expiresAt',
    ]);
    await expect(run({ ...token, expiresAt: '2027-01-01' }, CreateTokenDto, 'body')).resolves.toMatchObject({ expiresAt: '2027-01-01' });
    await expect(run({ ...token, aiBudgetUsd: 0.07, expiresAt: '2027-01-01T00:00:00Z' }, CreateTokenDto, 'body')).resolves.toMatchObject({ aiBudgetUsd: 0.07 });
    expect(await fieldsOf({ name: '  ', scopes: [] }, CreateTokenDto, 'body')).toEqual(['name', 'scopes']);
    expect(await fieldsOf({ name: 'x'.repeat(101), scopes: ['read', 'read'] }, CreateTokenDto, 'body')).toEqual(['name', 'scopes']);
    expect(await fieldsOf({ ...token, scopes: ['root'] }, CreateTokenDto, 'body')).toEqual(['scopes']);
    expect(await fieldsOf({ ...token, brandIds: ['nope'] }, CreateTokenDto, 'body')).toEqual(['brandIds']);
    expect(await fieldsOf({ ...token, brandIds: [] }, CreateTokenDto, 'body')).toEqual(['brandIds']);
    expect(await fieldsOf({ ...token, aiBudgetUsd: 0.001 }, CreateTokenDto, 'body')).toEqual(['aiBudgetUsd']);
    for (const expiresAt of ['next week', '2027-13-45', '2027-01-01T25:00:00Z'])
      expect(await fieldsOf({ ...token, expiresAt }, CreateTokenDto, 'body')).toEqual(['expiresAt']);
    expect(await fieldsOf({ ...token, admin: true }, CreateTokenDto, 'body')).toEqual(['admin']);
  });

  it('checks inbox queries and messages', async () => {
    const brandId = '6f1c2a4e-7b1d-4c1e-9a7f-0d2b8e5c3a11';
    await expect(run({ brandId, status: 'new', limit: '10' }, ListMessagesQuery)).resolves.toEqual({ brandId, status: 'new', limit: 10 });
    expect(await fieldsOf({ status: 'closed' }, ListMessagesQuery)).toEqual(['brandId', 'status']);
    const message = { brandId, channel: 'email', author: 'ann@example.com', body: 'Do you ship to Canada?' };
    await expect(run(message, CreateMessageDto, 'body')).resolves.toEqual(message);
    expect(await fieldsOf({ ...message, channel: '-bad channel', body: '' }, CreateMessageDto, 'body')).toEqual(['channel', 'body']);
    expect(await fieldsOf({ body: 'x'.repeat(10_001) }, ReplyDto, 'body')).toEqual(['body']);
    expect(await fieldsOf([], ReplyDto, 'body')).toEqual(['body']);
  });
});
