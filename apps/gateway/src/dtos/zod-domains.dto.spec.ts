import { fieldsOf, validate } from '../http/testing/validation';
import { CreateConnectionDto, ListConnectionsQuery, OAuthStartQuery } from './connection.dto';
import { AddCommentDto, BulkContentDto, BulkScheduleDto, RequestReviewDto } from './content-review.dto';
import { CreateWebhookDto, ListWebhooksQuery } from './webhook.dto';

/** The gateway's validation of webhook, connection and review bodies and queries through the app's strict pipe (ADR 189). */
describe('webhook, connection and review DTOs', () => {
  const brandId = '3f1c8b0e-7a52-4f7e-9a4f-0c7d2b1e6a11';
  const other = '9b2e4c1a-1d3f-4e5a-8b6c-7d8e9f0a1b2c';

  it('checks a webhook subscription', async () => {
    const good = { brandId, url: 'https://example.com/hooks', events: ['content.published'] };
    await expect(validate(good, CreateWebhookDto)).resolves.toEqual(good);
    expect(await fieldsOf({ ...good, url: 'ftp://example.com/x' }, CreateWebhookDto)).toEqual(['url']);
    expect(await fieldsOf({ ...good, url: 'http://localhost:8080/hook' }, CreateWebhookDto)).toEqual([]);
    expect(await fieldsOf({ ...good, events: [] }, CreateWebhookDto)).toEqual(['events']);
    expect(await fieldsOf({ ...good, events: ['content.published', 'content.published'] }, CreateWebhookDto)).toEqual(['events']);
    expect(await fieldsOf({ ...good, events: ['nope'] }, CreateWebhookDto)).toEqual(['events']);
    expect(await fieldsOf({ ...good, brandId: 'x', secret: 's' }, CreateWebhookDto)).toEqual(['brandId', 'secret']);
    expect(await fieldsOf({ brandId: 'x' }, ListWebhooksQuery, 'query')).toEqual(['brandId']);
  });

  it('checks a connection', async () => {
    const good = { brandId, platform: 'webhook', config: { url: 'https://example.com/p', secret: 'whsec_x' } };
    expect(await fieldsOf(good, CreateConnectionDto)).toEqual([]);
    expect(await fieldsOf({ ...good, platform: 'myspace' }, CreateConnectionDto)).toEqual(['platform']);
    expect(await fieldsOf({ ...good, displayName: '' }, CreateConnectionDto)).toEqual(['displayName']);
    expect(await fieldsOf({ ...good, config: { url: { nested: true } } }, CreateConnectionDto)).toEqual(['config']);
    expect(await fieldsOf({ ...good, credentials: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) }, CreateConnectionDto)).toEqual([
      'credentials',
    ]);
    expect(await fieldsOf({ brandId, limit: '0' }, ListConnectionsQuery, 'query')).toEqual(['limit']);
    await expect(validate({ brandId, limit: '5' }, ListConnectionsQuery, 'query')).resolves.toEqual({ brandId, limit: 5 });
    expect(await fieldsOf({}, OAuthStartQuery, 'query')).toEqual(['brandId']);
  });

  it('checks review requests, comments and bulk actions', async () => {
    expect(await fieldsOf({ reviewerId: brandId, note: 'x'.repeat(1001) }, RequestReviewDto)).toEqual(['note']);
    expect(await fieldsOf({ body: '' }, AddCommentDto)).toEqual(['body']);
    expect(await fieldsOf({ body: 'ok' }, AddCommentDto)).toEqual([]);
    expect(await fieldsOf({ brandId, action: 'publish', contentIds: [other] }, BulkContentDto)).toEqual(['action']);
    expect(await fieldsOf({ brandId, action: 'approve', contentIds: [other, other] }, BulkContentDto)).toEqual(['contentIds']);
    expect(await fieldsOf({ brandId, action: 'approve', contentIds: Array.from({ length: 101 }, () => other) }, BulkContentDto)).toEqual(['contentIds']);
    const schedule = { brandId, contentIds: [other], at: '2026-03-29T07:00:00Z', connectionIds: [brandId] };
    expect(await fieldsOf(schedule, BulkScheduleDto)).toEqual([]);
    expect(await fieldsOf({ ...schedule, at: '2026-02-30T07:00:00Z' }, BulkScheduleDto)).toEqual(['at']);
    expect(await fieldsOf({ ...schedule, at: 'tomorrow' }, BulkScheduleDto)).toEqual(['at']);
    expect(await fieldsOf({ ...schedule, connectionIds: [] }, BulkScheduleDto)).toEqual(['connectionIds']);
  });
});
