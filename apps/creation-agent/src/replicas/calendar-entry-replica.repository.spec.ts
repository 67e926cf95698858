import { randomUUID } from 'node:crypto';
import type { PlannedEntry } from '@mt/messages';
import type { MediumContext } from '../../../../test/support/medium';
import { newCreationMedium } from '../../test/medium';
import { CalendarEntryReplicaRepository } from './calendar-entry-replica.repository';

/** creation-agent's copy of the calendar: a post is written only for an entry still in it (PostgreSQL). */
describe('CalendarEntryReplicaRepository', () => {
  let ctx: MediumContext;
  let entries: CalendarEntryReplicaRepository;
  beforeAll(async () => {
    ctx = await newCreationMedium({ label: 'entry_replica' });
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

  it('knows an entry as live from its plan until a new plan replaces it', async () => {
    const e = planned();
    expect(await ctx.uow.transaction(() => entries.isLive(e.entryId))).toBe(false);
    await ctx.uow.transaction(() => entries.upsert([e]));
    expect(await ctx.uow.transaction(() => entries.isLive(e.entryId))).toBe(true);
    expect(await ctx.uow.transaction(() => entries.find(e.entryId))).toMatchObject(e);
    await ctx.uow.transaction(() => entries.remove([e.entryId]));
    expect(await ctx.uow.transaction(() => entries.isLive(e.entryId))).toBe(false);
    expect(await ctx.uow.transaction(() => entries.find(e.entryId))).toBeNull();
  });
});
