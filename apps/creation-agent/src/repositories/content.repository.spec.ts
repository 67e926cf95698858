import { randomUUID } from 'node:crypto';
import type { PlannedEntry } from '@mt/messages';
import type { MediumContext } from '../../../../test/support/medium';
import { newCreationMedium } from '../../test/medium';
import { ContentEntity } from '../entities/content.entity';
import { CalendarEntryReplicaRepository } from '../replicas/calendar-entry-replica.repository';
import { ContentRepository, type NewContent } from './content.repository';

/** A calendar entry's generated post: one statement, written once, and only while the entry is in the calendar (PostgreSQL). */
describe('ContentRepository.insertGenerated', () => {
  let ctx: MediumContext;
  let contents: ContentRepository;
  let entries: CalendarEntryReplicaRepository;
  beforeAll(async () => {
    ctx = await newCreationMedium({ label: 'content_insert' });
    contents = new ContentRepository(ctx.uow);
    entries = new CalendarEntryReplicaRepository(ctx.uow);
  });
  afterAll(async () => {
    await ctx?.stop();
  });

  const planned = (): PlannedEntry => ({
    entryId: randomUUID(),
    campaignId: randomUUID(),
    brandId: randomUUID(),
    platform: 'linkedin',
    topic: 'Spring tune-ups',
    pillar: 'Care',
    format: 'text',
    framework: 'AIDA',
    scheduledAt: '2026-12-03T09:00:00.000Z',
    campaignName: 'Spring',
    goal: 'Bookings',
  });
  const post = (e: PlannedEntry): NewContent => ({
    brandId: e.brandId,
    campaignId: e.campaignId,
    calendarEntryId: e.entryId,
    jobId: null,
    platform: e.platform,
    body: 'Spring tune-ups are back.',
    hashtags: ['#spring', '#bikes'],
    topic: e.topic,
    pillar: e.pillar,
    format: e.format,
    variants: [],
    selectedVariantId: 'v1',
    aiMeta: { provider: 'local', model: 'local', engine: 'local-engine' } as unknown as NewContent['aiMeta'],
    createdBy: null,
  });
  const rowsOf = async (entryId: string) =>
    (await ctx.ds.query(
      `SELECT c.body, c.hashtags, c.ai_meta, c.status, c.version, v.version AS v FROM creation.content c
         LEFT JOIN creation.content_version v ON v.content_id = c.id WHERE c.calendar_entry_id = $1`,
      [entryId],
    )) as Record<string, unknown>[];

  it('writes the post and its version 1 for an entry in the calendar, once', async () => {
    const e = planned();
    await ctx.uow.transaction(() => entries.upsert([e]));
    const saved = await ctx.uow.transaction(() => contents.insertGenerated(post(e), { whileEntryLive: true }));
    expect(saved).toMatchObject({ calendarEntryId: e.entryId, status: 'draft', version: 1, hashtags: ['#spring', '#bikes'] });
    // The columns it answers are the stored row's (the review columns are not answered, as before).
    expect(saved).toBeInstanceOf(ContentEntity);
    expect(await ctx.uow.transaction(() => contents.findLive(saved!.id))).toMatchObject({ ...saved });
    expect(await ctx.uow.transaction(() => contents.entriesWithContent([e.entryId, randomUUID()]))).toEqual(new Set([e.entryId]));
    expect(await rowsOf(e.entryId)).toEqual([
      { body: 'Spring tune-ups are back.', hashtags: ['#spring', '#bikes'], ai_meta: post(e).aiMeta, status: 'draft', version: 1, v: 1 },
    ]);
    // A redelivered generation writes nothing twice.
    expect(await ctx.uow.transaction(() => contents.insertGenerated(post(e), { whileEntryLive: true }))).toBeNull();
    expect(await rowsOf(e.entryId)).toHaveLength(1);
  });

  it('writes nothing for an entry a new plan replaced, or one never planned here', async () => {
    const e = planned();
    await ctx.uow.transaction(() => entries.upsert([e]));
    await ctx.uow.transaction(() => entries.remove([e.entryId]));
    expect(await ctx.uow.transaction(() => entries.find(e.entryId))).toBeNull();
    expect(await ctx.uow.transaction(() => contents.insertGenerated(post(e), { whileEntryLive: true }))).toBeNull();
    expect(await rowsOf(e.entryId)).toEqual([]);
    const unknown = planned();
    expect(await ctx.uow.transaction(() => contents.insertGenerated(post(unknown), { whileEntryLive: true }))).toBeNull();
    // Without the option (a job's content) the entry is not looked up.
    expect(await ctx.uow.transaction(() => contents.insertGenerated(post(unknown)))).toMatchObject({ calendarEntryId: unknown.entryId });
  });
});
