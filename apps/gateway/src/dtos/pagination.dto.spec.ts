import { errorFieldsOf, errorsOf, validate } from '../http/testing/validation';
import { ListMessagesQuery, CreateMessageDto, ReplyDto } from './messages.dto';
import { ListNotificationsQuery } from './notifications.dto';
import { PageQueryDto } from './pagination.dto';
import { CreateTokenDto } from './tokens.dto';

/** The page query and the DTOs of ADR 190, through the app's own strict pipe. */
describe('page query, token, notification and message DTOs', () => {
  it('reads a page query from the query string: limit as a number, cursor as sent', async () => {
    await expect(validate({ limit: '5', cursor: 'abc_-1' }, PageQueryDto, 'query')).resolves.toEqual({ limit: 5, cursor: 'abc_-1' });
    await expect(validate({}, PageQueryDto, 'query')).resolves.toEqual({});
  });

  it('refuses a bad limit, a foreign cursor and unknown fields', async () => {
    for (const limit of ['0', '101', '2.5', 'ten', '']) expect(await errorFieldsOf({ limit }, PageQueryDto, 'query')).toEqual(['limit']);
    expect(await errorsOf({ cursor: 'a b' }, PageQueryDto, 'query')).toEqual([{ field: 'cursor', message: 'is not a cursor this API gave out' }]);
    expect(await errorFieldsOf({ cursor: 'x'.repeat(201) }, PageQueryDto, 'query')).toEqual(['cursor']);
    expect(await errorsOf({ other: '1' }, PageQueryDto, 'query')).toEqual([{ field: 'other', message: 'is not a known field' }]);
  });

  it('reads unread as the text true or false only', async () => {
    await expect(validate({ unread: 'true', limit: '2' }, ListNotificationsQuery, 'query')).resolves.toEqual({ unread: true, limit: 2 });
    await expect(validate({ unread: 'false' }, ListNotificationsQuery, 'query')).resolves.toEqual({ unread: false });
    for (const unread of ['1', 'yes', '']) expect(await errorFieldsOf({ unread }, ListNotificationsQuery, 'query')).toEqual(['unread']);
  });

  it('checks a new token: name, scopes, brands, budget and expiry', async () => {
    const token = { name: 'n8n', scopes: ['read', 'ai'] };
    await expect(validate(token, CreateTokenDto)).resolves.toEqual(token);
    // The optional fields are left out, not sent as null (ADR 190).
    expect(await errorFieldsOf({ ...token, aiBudgetUsd: null, expiresAt: null, brandIds: null }, CreateTokenDto)).toEqual([
      'brandIds',
      'aiBudgetUsd',
      'expiresAt',
    ]);
    await expect(validate({ ...token, expiresAt: '2027-01-01' }, CreateTokenDto)).resolves.toMatchObject({ expiresAt: '2027-01-01' });
    await expect(validate({ ...token, aiBudgetUsd: 0.07, expiresAt: '2027-01-01T00:00:00Z' }, CreateTokenDto)).resolves.toMatchObject({ aiBudgetUsd: 0.07 });
    expect(await errorFieldsOf({ name: '  ', scopes: [] }, CreateTokenDto)).toEqual(['name', 'scopes']);
    expect(await errorFieldsOf({ name: 'x'.repeat(101), scopes: ['read', 'read'] }, CreateTokenDto)).toEqual(['name', 'scopes']);
    expect(await errorFieldsOf({ ...token, scopes: ['root'] }, CreateTokenDto)).toEqual(['scopes']);
    expect(await errorFieldsOf({ ...token, brandIds: ['nope'] }, CreateTokenDto)).toEqual(['brandIds']);
    expect(await errorFieldsOf({ ...token, brandIds: [] }, CreateTokenDto)).toEqual(['brandIds']);
    expect(await errorFieldsOf({ ...token, aiBudgetUsd: 0.001 }, CreateTokenDto)).toEqual(['aiBudgetUsd']);
    for (const expiresAt of ['next week', '2027-13-45', '2027-01-01T25:00:00Z'])
      expect(await errorFieldsOf({ ...token, expiresAt }, CreateTokenDto)).toEqual(['expiresAt']);
    expect(await errorFieldsOf({ ...token, admin: true }, CreateTokenDto)).toEqual(['admin']);
  });

  it('checks inbox queries and messages', async () => {
    const brandId = '6f1c2a4e-7b1d-4c1e-9a7f-0d2b8e5c3a11';
    await expect(validate({ brandId, status: 'new', limit: '10' }, ListMessagesQuery, 'query')).resolves.toEqual({ brandId, status: 'new', limit: 10 });
    expect(await errorFieldsOf({ status: 'closed' }, ListMessagesQuery, 'query')).toEqual(['brandId', 'status']);
    const message = { brandId, channel: 'email', author: 'ann@example.com', body: 'Do you ship to Canada?' };
    await expect(validate(message, CreateMessageDto)).resolves.toEqual(message);
    expect(await errorFieldsOf({ ...message, channel: '-bad channel', body: '' }, CreateMessageDto)).toEqual(['channel', 'body']);
    expect(await errorFieldsOf({ body: 'x'.repeat(10_001) }, ReplyDto)).toEqual(['body']);
    expect(await errorFieldsOf([], ReplyDto)).toEqual(['body']);
  });
});
