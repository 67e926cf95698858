import { MeshError, type UnitOfWork } from '@mt/messages';
import type { MetricsTargetEntity } from '../entities/metrics-target.entity';
import type { AnalyticsSnapshotRepository, DailyRowInput } from '../repositories/analytics-snapshot.repository';
import type { ContentReplicaRepository } from '../../replicas/content-replica.repository';
import type { MetricsTargetRepository } from '../repositories/metrics-target.repository';
import type { AnalyticsUpdatesService } from './analytics-updates.service';
import type { ChannelGateway, PostMetricsReading } from '../../channels/channel-gateway.port';
import type { MetricsChannels } from './metrics-channels';
import { FETCH_AFTER_MS, MetricsCollectorService, nextFetchAt } from './metrics-collector.service';

const MIN = 60_000;
const published = new Date('2026-11-20T10:00:00Z');

function target(overrides: Partial<MetricsTargetEntity> = {}): MetricsTargetEntity {
  return {
    scheduleId: 'f3b1c1de-0000-4000-8000-000000000001',
    brandId: 'b0000000-0000-4000-8000-000000000001',
    contentId: 'c0000000-0000-4000-8000-000000000001',
    connectionId: 'd0000000-0000-4000-8000-000000000001',
    platform: 'linkedin',
    externalId: 'urn:li:share:1',
    publishedAt: published,
    nextFetchAt: null,
    fetches: 0,
    lastError: null,
    impressions: '0',
    engagements: '0',
    clicks: '0',
    createdAt: published,
    ...overrides,
  };
}

function setup(reading: PostMetricsReading | Error) {
  const added: DailyRowInput[] = [];
  const readings: { next: Date | null; values: unknown }[] = [];
  const errors: { next: Date | null }[] = [];
  const announced: string[][] = [];
  const gateway: Pick<ChannelGateway, 'metrics'> = {
    metrics: async () => {
      if (reading instanceof Error) throw reading;
      return reading;
    },
  };
  const collector = new MetricsCollectorService(
    {
      recordReading: async (_id: string, values: unknown, next: Date | null) => void readings.push({ next, values }),
      recordError: async (_id: string, _m: string, next: Date | null) => void errors.push({ next }),
    } as unknown as MetricsTargetRepository,
    { addDaily: async (rows: DailyRowInput[]) => void added.push(...rows) } as unknown as AnalyticsSnapshotRepository,
    { find: async () => ({ topic: 'Pricing', pillar: 'Product', format: 'carousel' }) } as unknown as ContentReplicaRepository,
    { announce: async (_b: string, keys: string[]) => void announced.push(keys) } as unknown as AnalyticsUpdatesService,
    { find: () => gateway } as unknown as MetricsChannels,
    { transaction: <T>(fn: () => Promise<T>) => fn() } as unknown as UnitOfWork,
  );
  return { collector, added, readings, errors, announced };
}

describe('metrics collection schedule', () => {
  it('fetches 15 min, 1 h, 6 h, 1, 3 and 7 days after publication, skipping times already past', () => {
    expect(nextFetchAt(published, 0, published)?.getTime()).toBe(published.getTime() + 15 * MIN);
    expect(nextFetchAt(published, 2, published)?.getTime()).toBe(published.getTime() + 6 * 60 * MIN);
    expect(nextFetchAt(published, 1, new Date(published.getTime() + 30 * 60 * MIN))?.getTime()).toBe(published.getTime() + 72 * 60 * MIN);
    expect(nextFetchAt(published, FETCH_AFTER_MS.length, published)).toBeNull();
  });

  it("adds the increment since the last reading to today's row, with the content's topic, and announces it", async () => {
    const { collector, added, readings, announced } = setup({ impressions: 1500, engagements: 60, clicks: 12 });
    const now = new Date(published.getTime() + 61 * MIN);
    await collector.fetchOne(target({ impressions: '1000', engagements: '40', clicks: '15', fetches: 1 }), now);
    expect(added).toEqual([
      expect.objectContaining({
        postKey: target().scheduleId,
        day: '2026-11-20',
        impressions: 500,
        engagements: 20,
        clicks: 0,
        simulated: false,
        pillar: 'Product',
      }),
    ]);
    // A count that went down (clicks 15 → 12) never subtracts, and the stored total keeps the higher one.
    expect(readings[0].values).toEqual({ impressions: 1500, engagements: 60, clicks: 15 });
    expect(readings[0].next?.getTime()).toBe(published.getTime() + 6 * 60 * MIN);
    expect(announced).toEqual([[target().scheduleId]]);
  });

  it('waits for the next scheduled look after a permanent failure', async () => {
    const revoked = setup(new MeshError('METRICS_FAILED', 'grant revoked', { retryable: false }));
    await revoked.collector.fetchOne(target(), new Date(published.getTime() + 20 * MIN));
    expect(revoked.errors[0].next?.getTime()).toBe(published.getTime() + 60 * MIN);
  });

  it('retries a passing failure in half an hour, and gives up after ten failures', async () => {
    const failing = setup(new Error('platform said 503'));
    const now = new Date(published.getTime() + 20 * MIN);
    await failing.collector.fetchOne(target(), now);
    expect(failing.errors[0].next?.getTime()).toBe(now.getTime() + 30 * MIN);
    await failing.collector.fetchOne(target({ fetches: 9 }), now);
    expect(failing.errors[1].next).toBeNull();
    expect(failing.added).toEqual([]);
  });
});
