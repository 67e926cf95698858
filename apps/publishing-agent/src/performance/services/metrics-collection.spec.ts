import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AnalyticsUpdatedEvent, MeshNode } from '@mt/messages';
import type { BrandAccessService, BrandProfileService } from '@mt/replicas';
import type { MediumContext } from '../../../../../test/support/medium';
import { newPublishingMedium } from '../../../test/medium';
import { AbTestRepository } from '../repositories/abtest.repository';
import { AnalyticsSnapshotRepository } from '../repositories/analytics-snapshot.repository';
import { ContentReplicaRepository } from '../../replicas/content-replica.repository';
import { MetricsTargetRepository } from '../repositories/metrics-target.repository';
import type { AbTestScheduler } from './abtest-scheduler';
import { AbTestService } from './abtest.service';
import { AnalyticsUpdatesService } from './analytics-updates.service';
import type { ChannelGateway, PostMetricsReading } from '../../channels/channel-gateway.port';
import type { MetricsChannels } from './metrics-channels';
import { MetricsCollectorService } from './metrics-collector.service';

const H = 3_600_000;

describe('metrics collection (PostgreSQL)', () => {
  let ctx: MediumContext;
  let ds: DataSource;
  let node: MeshNode;
  let collector: MetricsCollectorService;
  let targets: MetricsTargetRepository;
  let snapshots: AnalyticsSnapshotRepository;
  let abtests: AbTestRepository;
  const readings: PostMetricsReading[] = [];
  const brandId = randomUUID();

  beforeAll(async () => {
    ctx = await newPublishingMedium({ label: 'metrics' });
    ds = ctx.ds;
    node = ctx.node;
    targets = new MetricsTargetRepository(node.uow);
    snapshots = new AnalyticsSnapshotRepository(node.uow);
    abtests = new AbTestRepository(node.uow);
    const catalog = new ContentReplicaRepository(node.uow);
    const abtestService = new AbTestService(abtests, catalog, snapshots, {} as BrandAccessService, {} as BrandProfileService, {} as AbTestScheduler, node.uow);
    const gateway = { metrics: async () => readings.shift()! } as Pick<ChannelGateway, 'metrics'>;
    collector = new MetricsCollectorService(
      targets,
      snapshots,
      catalog,
      new AnalyticsUpdatesService(snapshots, abtestService, node.uow),
      { find: () => gateway } as unknown as MetricsChannels,
      node.uow,
    );
    // No timer here (onApplicationBootstrap): the test claims and fetches by hand, at times it chooses.
  });

  afterAll(async () => {
    await ctx?.stop();
  });

  it('fetches a published post on schedule, stores daily increments, announces per content, and never fetches it twice at once', async () => {
    const publishedAt = new Date('2026-11-20T10:00:00Z');
    const published = {
      contentId: randomUUID(),
      brandId,
      platform: 'linkedin',
      connectionId: randomUUID(),
      scheduleId: randomUUID(),
      externalId: 'urn:1',
      url: null,
      publishedAt: publishedAt.toISOString(),
    };
    await node.uow.transaction(() => collector.track([published]));
    await node.uow.transaction(() => collector.track([published])); // recorded twice: still one target
    const target = (await targets.find(published.scheduleId))!;
    expect(target.nextFetchAt).not.toBeNull();

    // Two replicas claiming at once: the lease gives the post to one of them.
    const at1 = new Date(publishedAt.getTime() + 25 * H);
    const [first, second] = [
      await node.uow.transaction(() => targets.claimDue(at1, 10, 5 * 60_000)),
      await node.uow.transaction(() => targets.claimDue(at1, 10, 5 * 60_000)),
    ];
    expect(first.map((t) => t.scheduleId)).toEqual([published.scheduleId]);
    expect(second).toEqual([]);

    readings.push({ impressions: 800, engagements: 30, clicks: 4 }, { impressions: 1100, engagements: 41, clicks: 3 });
    await collector.fetchOne(first[0], at1);
    const at2 = new Date(publishedAt.getTime() + 73 * H);
    const due = await node.uow.transaction(() => targets.claimDue(at2, 10, 5 * 60_000));
    expect(due.map((t) => t.scheduleId)).toEqual([published.scheduleId]);
    await collector.fetchOne(due[0], at2);

    const [totals] = await snapshots.totalsOfPosts([published.scheduleId]);
    expect(totals).toMatchObject({ impressions: 1100, engagements: 41, clicks: 4, simulated: false });
    const daily = await snapshots.contentDaily(published.contentId);
    expect(daily.map((d) => [d.day, d.impressions])).toEqual([
      ['2026-11-21', 800],
      ['2026-11-23', 300],
    ]);
    const after = (await targets.find(published.scheduleId))!;
    expect(after.fetches).toBe(2);
    expect(after.nextFetchAt?.toISOString()).toBe(new Date(publishedAt.getTime() + 7 * 24 * H).toISOString());

    const events: { envelope: string }[] = await ds.query(`SELECT envelope FROM publishing.outbox WHERE routing_key = 'analytics.updated' ORDER BY id`);
    const last = JSON.parse(events[events.length - 1].envelope).payload as AnalyticsUpdatedEvent;
    expect(last.snapshots).toEqual([expect.objectContaining({ contentId: published.contentId, impressions: 1100, engagementRate: 0.03727, simulated: false })]);
  });

  it('concludes an A/B test once, in SQL', async () => {
    const id = randomUUID();
    await node.uow.transaction(() =>
      abtests.insert({
        id,
        brandId,
        contentId: randomUUID(),
        connectionId: randomUUID(),
        platform: 'x',
        createdBy: randomUUID(),
        variants: [
          { label: 'A', variantId: 'va', slotAt: new Date(), scheduleId: randomUUID() },
          { label: 'B', variantId: 'vb', slotAt: new Date(), scheduleId: null },
        ],
      }),
    );
    expect((await abtests.listRunning(brandId)).map((t) => t.id)).toEqual([id]);
    expect(await node.uow.transaction(() => abtests.conclude(id, 'vb', 'probability', 0.97))).toBe(true);
    expect(await node.uow.transaction(() => abtests.conclude(id, 'va', 'sample', 0.6))).toBe(false);
    expect(await abtests.find(id)).toMatchObject({ status: 'concluded', winnerVariantId: 'vb', decidedBy: 'probability', probabilityWinner: '0.97000' });
  });
});
