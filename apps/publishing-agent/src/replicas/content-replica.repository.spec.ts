import { randomUUID } from 'node:crypto';
import type { Content, UnitOfWork } from '@mt/messages';
import type { MediumContext } from '../../../../test/support/medium';
import { newPublishingMedium } from '../../test/medium';
import { ContentReplicaRepository } from './content-replica.repository';

/** publishing-agent's copy of each content, kept newest-first from creation-agent's events (PostgreSQL). */
describe('ContentReplicaRepository', () => {
  let ctx: MediumContext;
  let uow: UnitOfWork;
  let copies: ContentReplicaRepository;
  beforeAll(async () => {
    ctx = await newPublishingMedium({ label: 'content_copy', poolSize: 2 });
    uow = ctx.uow;
    copies = new ContentReplicaRepository(uow);
  });
  afterAll(async () => {
    await ctx?.stop();
  });

  const content = (over: Partial<Content>): Content =>
    ({
      id: randomUUID(),
      brandId: randomUUID(),
      calendarEntryId: null,
      platform: 'linkedin',
      status: 'draft',
      body: 'Spring tune-ups are back.',
      hashtags: [],
      variants: [],
      approvedAt: null,
      updatedAt: '2026-12-03T09:00:00.000Z',
      ...over,
    }) as unknown as Content;
  const stored = async (id: string) => (await uow.transaction(() => copies.findLive(id)))?.status;

  it('keeps an approval when the draft it replaced arrives after it with the same time (a post approved in the same instant)', async () => {
    const approved = content({ status: 'approved', approvedAt: '2026-12-03T09:00:00.000Z' } as Partial<Content>);
    await uow.transaction(() => copies.upsert(approved));
    await uow.transaction(() => copies.upsert({ ...approved, status: 'draft', approvedAt: null } as Content));
    expect(await stored(approved.id)).toBe('approved');
    // A draft still loses when it carries the approval time.
    await uow.transaction(() => copies.upsert({ ...approved, status: 'draft' } as Content));
    expect(await stored(approved.id)).toBe('approved');
  });

  it('takes the newer state whichever order the events come in, and the later of two equal drafts', async () => {
    const draft = content({});
    const later = { ...draft, status: 'approved', approvedAt: '2026-12-03T09:05:00.000Z', updatedAt: '2026-12-03T09:05:00.000Z' } as Content;
    await uow.transaction(() => copies.upsert(later));
    await uow.transaction(() => copies.upsert(draft));
    expect(await stored(draft.id)).toBe('approved');
    const edited = content({});
    await uow.transaction(() => copies.upsert(edited));
    await uow.transaction(() => copies.upsert({ ...edited, body: 'Spring tune-ups are back, from Monday.' } as Content));
    expect((await uow.transaction(() => copies.findLive(edited.id)))?.body).toBe('Spring tune-ups are back, from Monday.');
  });
  it('answers the stored copy from its one write, as findLive reads it, and null for an older event or a deleted copy', async () => {
    const c = content({
      campaignId: randomUUID(),
      calendarEntryId: randomUUID(),
      hashtags: ['#spring'],
      variants: [
        {
          id: 'v1',
          body: 'Spring.',
          hashtags: ['#a'],
          framework: null,
          scores: { voiceMatch: 1, readability: 1, lengthFit: 1, engagementPrediction: 1 },
          overall: 1,
        },
      ],
      topic: 'Tune-ups',
    } as Partial<Content>);
    const queries: string[] = [];
    const written = await uow.transaction(async () => {
      const manager = uow.manager();
      const query = manager.query.bind(manager);
      manager.query = ((sql: string, params?: unknown[]) => {
        queries.push(sql);
        return query(sql, params);
      }) as typeof manager.query;
      try {
        return await copies.upsert(c);
      } finally {
        manager.query = query;
      }
    });
    expect(queries).toHaveLength(1);
    const read = await uow.transaction(() => copies.findLive(c.id));
    expect(written).toEqual(read);
    expect(written).toBeInstanceOf(read!.constructor);
    expect(written).toMatchObject({ brandId: c.brandId, hashtags: ['#spring'], topic: 'Tune-ups', deletedAt: null });
    // A plan's read of its entries' copies answers the same row.
    expect(await uow.transaction(() => copies.findByEntries([c.calendarEntryId!, randomUUID()]))).toEqual([read]);
    expect(await uow.transaction(() => copies.upsert({ ...c, updatedAt: '2026-12-03T08:00:00.000Z' } as Content))).toBeNull();
    await uow.transaction(() => copies.markDeleted(c.id));
    expect(await uow.transaction(() => copies.findByEntries([c.calendarEntryId!]))).toEqual([]);
    expect(await uow.transaction(() => copies.upsert({ ...c, updatedAt: '2026-12-03T10:00:00.000Z' } as Content))).toBeNull();
  });
});
