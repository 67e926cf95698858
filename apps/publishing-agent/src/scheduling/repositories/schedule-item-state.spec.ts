import { randomUUID } from 'node:crypto';
import type { MediumContext } from '../../../../../test/support/medium';
import { newPublishingMedium } from '../../../test/medium';
import { ScheduleItemRepository } from './schedule-item.repository';

describe('ScheduleItemRepository platform state (PostgreSQL, ADR 181)', () => {
  let ctx: MediumContext;
  let items: ScheduleItemRepository;

  beforeAll(async () => {
    ctx = await newPublishingMedium({ label: 'platform-state', poolSize: 2 });
    items = new ScheduleItemRepository(ctx.uow);
  });
  afterAll(async () => {
    await ctx?.stop();
  });

  it("keeps a provider's state only while the attempt holds its claim, and reads it back with the item", async () => {
    const [item] = await items.insert([
      {
        id: randomUUID(),
        brandId: randomUUID(),
        contentId: randomUUID(),
        connectionId: randomUUID(),
        platform: 'tiktok',
        at: new Date(Date.now() - 1_000),
        idempotencyKey: randomUUID(),
        body: 'Roast day',
        hashtags: [],
        variantId: null,
        abTestId: null,
        createdBy: null,
      },
    ]);
    expect(item.platformState).toBeNull();
    const [claimed] = (await items.claimDue(100, 'replica-a', 60_000)).filter((c) => c.id === item.id);
    const fence = { id: item.id, claimedBy: 'replica-a', attempts: claimed.attempts };
    expect(await items.keepPlatformState(fence, { phase: 'sent', publishId: 'v_pub_url~v2.7' })).toBe(true);
    expect((await items.findById(item.id))?.platformState).toEqual({ phase: 'sent', publishId: 'v_pub_url~v2.7' });
    // Another replica's attempt, or a stale attempt number, keeps nothing.
    expect(await items.keepPlatformState({ ...fence, claimedBy: 'replica-b' }, { phase: 'init' })).toBe(false);
    expect(await items.keepPlatformState({ ...fence, attempts: fence.attempts - 1 }, { phase: 'init' })).toBe(false);
    expect((await items.findById(item.id))?.platformState).toEqual({ phase: 'sent', publishId: 'v_pub_url~v2.7' });
  });
});
