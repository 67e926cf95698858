import { randomUUID } from 'node:crypto';
import type { Content } from '@mt/messages';
import type { MediumContext } from '../../../../test/support/medium';
import { newStrategyMedium } from '../../test/medium';
import { CalendarEntryRepository } from '../repositories/calendar-entry.repository';
import { CampaignRepository } from '../repositories/campaign.repository';
import { EntryStatusService } from './entry-status.service';

describe('EntryStatusService (PostgreSQL)', () => {
  let ctx: MediumContext;
  let entries: CalendarEntryRepository;
  let status: EntryStatusService;
  const brandId = randomUUID();
  let campaignId: string;

  const content = (entryId: string, over: Partial<Content> = {}): Content => ({
    id: randomUUID(),
    brandId,
    campaignId,
    calendarEntryId: entryId,
    platform: 'x',
    status: 'draft',
    body: 'Hi',
    hashtags: [],
    topic: null,
    pillar: null,
    format: null,
    variants: [],
    selectedVariantId: null,
    version: 1,
    aiMeta: null,
    approvedAt: null,
    approvedBy: null,
    scheduledAt: null,
    publishedAt: null,
    externalUrl: null,
    failure: null,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    ...over,
  });
  const tx = <T>(fn: () => Promise<T>) => ctx.uow.transaction(fn);
  const read = async (id: string) => (await entries.findById(id))!;

  const newEntry = () =>
    tx(async () => {
      const [e] = await entries.insertMany([
        {
          campaignId,
          brandId,
          date: '2026-03-03',
          time: '09:00',
          timezone: 'UTC',
          scheduledAt: new Date('2026-03-03T09:00:00Z'),
          platform: 'x',
          topic: 'T',
          pillar: 'P',
          format: 'text',
          framework: 'AIDA',
          status: 'planned',
          contentId: null,
          generationError: null,
          planJobId: null,
        },
      ]);
      return e.id;
    });

  beforeAll(async () => {
    ctx = await newStrategyMedium({ label: 'entrystatus' });
    entries = new CalendarEntryRepository(ctx.uow);
    status = new EntryStatusService(entries);
    const campaigns = new CampaignRepository(ctx.uow);
    campaignId = (
      await tx(() =>
        campaigns.insert({
          brandId,
          name: 'C',
          goal: 'G',
          startDate: '2026-03-02',
          endDate: '2026-03-15',
          platforms: ['x'],
          postsPerWeek: 3,
          budget: null,
          status: 'planned',
          createdBy: randomUUID(),
        }),
      )
    ).id;
  });

  afterAll(() => ctx.stop());

  it('follows its content from draft to published, and back to planned when the content is deleted', async () => {
    const id = await newEntry();
    await tx(() => status.generationFailed({ brandId, calendarEntryId: id, campaignId, error: { code: 'AI_INVALID_OUTPUT', message: 'bad JSON' } }));
    expect(await read(id)).toMatchObject({ status: 'planned', contentId: null, generationError: { code: 'AI_INVALID_OUTPUT', message: 'bad JSON' } });

    const c = content(id);
    await tx(() => status.contentChanged(c));
    expect(await read(id)).toMatchObject({ status: 'drafted', contentId: c.id, generationError: null });
    await tx(() => status.contentChanged({ ...c, status: 'approved', updatedAt: '2026-03-01T11:00:00.000Z' }));
    expect((await read(id)).status).toBe('approved');
    // A late, older snapshot (content.created arriving after content.approved) changes nothing.
    await tx(() => status.contentChanged(c));
    expect((await read(id)).status).toBe('approved');

    const base = { contentId: c.id, brandId, platform: 'x', connectionId: randomUUID(), scheduleId: randomUUID() };
    await tx(() => status.scheduled({ contentId: c.id, brandId, at: '2026-03-03T09:00:00Z', items: [] }));
    expect((await read(id)).status).toBe('scheduled');
    await tx(() => status.publishFailed({ ...base, code: 'PLATFORM_REJECTED', message: 'Duplicate post', at: '2026-03-03T09:00:01Z' }));
    expect((await read(id)).status).toBe('failed');
    await tx(() => status.published({ ...base, externalId: '1', url: null, publishedAt: '2026-03-03T09:05:00Z' }));
    expect((await read(id)).status).toBe('published');
    await tx(() => status.scheduled({ contentId: c.id, brandId, at: '2026-03-04T09:00:00Z', items: [] }));
    expect((await read(id)).status).toBe('published'); // a late schedule event never un-publishes

    await tx(() => status.deleted({ contentId: c.id, brandId, calendarEntryId: id, by: randomUUID() }));
    expect(await read(id)).toMatchObject({ status: 'planned', contentId: null });
  });

  it('ignores events of another brand and a second content once the first is approved', async () => {
    const id = await newEntry();
    await tx(() => status.contentChanged(content(id, { brandId: randomUUID() })));
    expect((await read(id)).status).toBe('planned');
    const first = content(id, { status: 'approved' });
    await tx(() => status.contentChanged(first));
    await tx(() => status.contentChanged(content(id, { updatedAt: '2026-03-02T00:00:00.000Z' })));
    expect(await read(id)).toMatchObject({ status: 'approved', contentId: first.id });
    await tx(() => status.unscheduled({ contentId: first.id, brandId }));
    expect((await read(id)).status).toBe('approved');
  });
  it('takes a content in one statement, and the same snapshot again (a redelivery) changes nothing, updated_at included', async () => {
    const id = await newEntry();
    const c = content(id);
    let statements = 0;
    const counting = new EntryStatusService(
      new Proxy(entries, {
        get: (target, prop, receiver) => {
          const v = Reflect.get(target, prop, receiver) as unknown;
          return typeof v === 'function'
            ? (...args: unknown[]) => {
                statements++;
                return (v as (...a: unknown[]) => unknown).apply(target, args);
              }
            : v;
        },
      }),
    );
    await tx(() => counting.contentChanged(c));
    expect(statements).toBe(1);
    const first = await read(id);
    expect(first).toMatchObject({ status: 'drafted', contentId: c.id, contentUpdatedAt: new Date(c.updatedAt) });
    await tx(() => status.contentChanged({ ...c }));
    expect((await read(id)).updatedAt).toEqual(first.updatedAt);
    // A second draft for the entry takes it over while it is only drafted; the first content's late snapshot does not take it back.
    const second = content(id, { updatedAt: '2026-02-28T10:00:00.000Z' });
    await tx(() => status.contentChanged(second));
    expect(await read(id)).toMatchObject({ status: 'drafted', contentId: second.id });
    await tx(() => status.contentChanged({ ...second, updatedAt: '2026-02-27T10:00:00.000Z', status: 'approved' }));
    expect(await read(id)).toMatchObject({ status: 'drafted', contentId: second.id, contentUpdatedAt: new Date('2026-02-28T10:00:00.000Z') });
  });
});
