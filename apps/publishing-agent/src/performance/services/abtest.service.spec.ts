import type { AbTestConcludedEvent, UnitOfWork } from '@mt/messages';
import type { BrandAccessService, BrandProfileService } from '@mt/replicas';
import type { AbTestRepository, AbTestWithVariants } from '../repositories/abtest.repository';
import type { AnalyticsSnapshotRepository, PostTotals } from '../repositories/analytics-snapshot.repository';
import type { ContentReplicaRepository } from '../../replicas/content-replica.repository';
import type { AbTestScheduler } from './abtest-scheduler';
import { AbTestService, simulatedVariantKey } from './abtest.service';

const brandId = 'b0000000-0000-4000-8000-000000000001';
const test: AbTestWithVariants = {
  id: 'a0000000-0000-4000-8000-000000000001',
  brandId,
  contentId: 'c0000000-0000-4000-8000-000000000001',
  connectionId: 'd0000000-0000-4000-8000-000000000001',
  platform: 'linkedin',
  status: 'running',
  winnerVariantId: null,
  decidedBy: null,
  probabilityWinner: null,
  concludedAt: null,
  createdBy: 'u',
  createdAt: new Date(),
  updatedAt: new Date(),
  variants: [
    { abTestId: 'a', label: 'A', variantId: 'va', slotAt: new Date(), scheduleId: '5a000000-0000-4000-8000-00000000000a' },
    { abTestId: 'a', label: 'B', variantId: 'vb', slotAt: new Date(), scheduleId: '5b000000-0000-4000-8000-00000000000b' },
  ],
};

const totals = (postKey: string, impressions: number, engagements: number, simulated = false): PostTotals => ({
  postKey,
  brandId,
  contentId: test.contentId,
  platform: 'linkedin',
  publishedAt: new Date(),
  capturedAt: new Date(),
  topic: null,
  pillar: null,
  format: null,
  impressions,
  engagements,
  clicks: 0,
  simulated,
});

function setup(rows: PostTotals[]) {
  const events: { type: string; payload: AbTestConcludedEvent }[] = [];
  const concluded: unknown[][] = [];
  const service = new AbTestService(
    {
      listRunning: async () => [test],
      conclude: async (...args: unknown[]) => {
        concluded.push(args);
        return concluded.length === 1;
      },
    } as unknown as AbTestRepository,
    {
      find: async () => ({
        variants: [
          { id: 'va', body: 'Body A', hashtags: [] },
          { id: 'vb', body: 'Body B', hashtags: [] },
        ],
      }),
    } as unknown as ContentReplicaRepository,
    { totalsOfPosts: async (keys: string[]) => rows.filter((r) => keys.includes(r.postKey)) } as unknown as AnalyticsSnapshotRepository,
    {} as BrandAccessService,
    {} as BrandProfileService,
    {} as AbTestScheduler,
    { publishEvent: (type: string, payload: AbTestConcludedEvent) => void events.push({ type, payload }) } as unknown as UnitOfWork,
  );
  return { service, events, concluded };
}

describe('A/B test evaluation', () => {
  it('concludes a clear winner once, with the winning body, counting real and simulated posts of each variant', async () => {
    const { service, events, concluded } = setup([
      totals(test.variants[0].scheduleId!, 1500, 30),
      totals(simulatedVariantKey(test.id, 'A'), 500, 10, true),
      totals(test.variants[1].scheduleId!, 2000, 90),
    ]);
    await service.evaluateRunning(brandId);
    await service.evaluateRunning(brandId);
    expect(concluded[0]).toEqual([test.id, 'vb', 'probability', expect.any(Number)]);
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('abtest.concluded');
    expect(events[0].payload).toMatchObject({
      brandId,
      contentId: test.contentId,
      winnerVariantId: 'vb',
      loserVariantId: 'va',
      winnerBody: 'Body B',
      simulated: true,
    });
    expect(events[0].payload.probabilityWinnerBetter).toBeGreaterThan(0.99);
  });

  it('waits while the evidence is thin', async () => {
    const { service, events, concluded } = setup([totals(test.variants[0].scheduleId!, 80, 1), totals(test.variants[1].scheduleId!, 80, 9)]);
    await service.evaluateRunning(brandId);
    expect(concluded).toEqual([]);
    expect(events).toEqual([]);
  });
});

describe('A/B test creation', () => {
  const create = (variantIds: unknown, connectionId: unknown, at?: unknown) =>
    new AbTestService(
      { runningFor: async () => null } as unknown as AbTestRepository,
      {
        find: async () => ({
          brandId,
          variants: [
            { id: 'va', body: 'Body A', hashtags: [] },
            { id: 'vb', body: 'Body B', hashtags: [] },
          ],
        }),
      } as unknown as ContentReplicaRepository,
      {} as AnalyticsSnapshotRepository,
      { require: async () => 'editor' } as unknown as BrandAccessService,
      {} as BrandProfileService,
      {} as AbTestScheduler,
      {} as UnitOfWork,
    ).create({ userId: 'u' }, test.contentId, variantIds as [string, string], connectionId as string, at as string | undefined);

  it('checks a request from any sender with the shape the gateway checks it with, then its own rules', async () => {
    await expect(create(['va'], 'not-a-uuid')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      details: {
        errors: [
          { field: 'variantIds', message: 'must be two variant ids' },
          { field: 'connectionId', message: 'must be a UUID' },
        ],
      },
    });
    await expect(create(['va', 'vb'], test.connectionId, 'next tuesday')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [{ field: 'at', message: 'must be a valid ISO 8601 date string' }] },
    });
    await expect(create(['va', 'va'], test.connectionId)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [{ field: 'variantIds', message: 'must name two different variants' }] },
    });
    await expect(create(['va', 'vx'], test.connectionId)).rejects.toMatchObject({
      details: { errors: [{ field: 'variantIds', message: 'vx is not a variant of this content' }] },
    });
  });
});
