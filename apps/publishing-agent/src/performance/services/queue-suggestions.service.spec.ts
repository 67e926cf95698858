import { randomUUID } from 'node:crypto';
import { type Actor, type Connection, MeshError, type UnitOfWork } from '@mt/messages';
import type { BrandAccessService } from '@mt/replicas';
import type { MediumContext } from '../../../../../test/support/medium';
import { newPublishingMedium } from '../../../test/medium';
import type { ChannelGateway } from '../../channels/channel-gateway.port';
import type { PublishingSettingsService } from '../../scheduling/services/publishing-settings.service';
import { AnalyticsSnapshotRepository, type DailyRowInput } from '../repositories/analytics-snapshot.repository';
import { MetricsChannels } from './metrics-channels';
import { QueueSuggestionsService } from './queue-suggestions.service';

/** Suggestions read the brand's measured posts from PostgreSQL: real ones of the platform, never simulated ones. */
describe('QueueSuggestionsService (PostgreSQL)', () => {
  let ctx: MediumContext;
  let uow: UnitOfWork;
  let snapshots: AnalyticsSnapshotRepository;
  let service: QueueSuggestionsService;
  const brandId = randomUUID();
  const member: Actor = { userId: randomUUID() };
  const outsider: Actor = { userId: randomUUID() };
  const connection: Connection = {
    id: randomUUID(),
    brandId,
    platform: 'mastodon',
    displayName: '@roastery',
    status: 'active',
    statusReason: null,
    accountId: '1',
    expiresAt: null,
    createdAt: '',
    updatedAt: '',
  };
  const now = new Date('2026-12-03T12:00:00Z');

  beforeAll(async () => {
    ctx = await newPublishingMedium({ label: 'queue_suggestions', poolSize: 2 });
    uow = ctx.uow;
    snapshots = new AnalyticsSnapshotRepository(uow);
    const access = {
      require: async (actor: Actor) => {
        if (actor.userId !== member.userId) throw new MeshError('NOT_FOUND', 'No such brand', { status: 404, retryable: false });
        return 'viewer';
      },
    } as unknown as BrandAccessService;
    const gateway = { connection: async (id: string) => (id === connection.id ? connection : null) } as unknown as ChannelGateway;
    const settings = { timezoneOf: async () => 'Europe/Berlin' } as unknown as PublishingSettingsService;
    service = new QueueSuggestionsService(snapshots, new MetricsChannels(gateway), settings, access);
  });
  afterAll(async () => {
    await ctx?.stop();
  });

  /** One post's numbers over two days (a post's totals are the sum of its rows). */
  const measured = (publishedAt: string, impressions: number, engagements: number, over: Partial<DailyRowInput> = {}): DailyRowInput[] => {
    const contentId = randomUUID();
    return [0, 1].map((d) => ({
      brandId,
      contentId,
      postKey: over.postKey ?? `p-${publishedAt}-${impressions}`,
      platform: 'mastodon',
      publishedAt: new Date(publishedAt),
      day: new Date(Date.parse(publishedAt) + d * 86_400_000).toISOString().slice(0, 10),
      impressions: impressions / 2,
      engagements: engagements / 2,
      clicks: 0,
      simulated: false,
      topic: null,
      pillar: null,
      format: null,
      ...over,
    }));
  };

  it('suggests nothing from simulated numbers or other platforms, then ranks the real posts’ weekday and hour', async () => {
    // Simulated posts with a dazzling rate, and another platform's posts: neither counts.
    const noise = Array.from({ length: 12 }, (_, k) => [
      ...measured(`2026-11-${String(k + 2).padStart(2, '0')}T06:00:00Z`, 100, 90, { simulated: true, postKey: `sim:${k}` }),
      ...measured(`2026-11-${String(k + 2).padStart(2, '0')}T07:00:00Z`, 100, 90, { platform: 'x', postKey: `x-${k}` }),
    ]).flat();
    await uow.transaction(() => snapshots.addDaily(noise));
    const none = await service.suggest(member, connection.id, now);
    expect(none).toMatchObject({ platform: 'mastodon', timezone: 'Europe/Berlin', enoughData: false, suggestions: [], basis: { posts: 0, minPosts: 10 } });

    // Ten real Mastodon posts: Tuesdays 09:xx Berlin engage at 8 %, Thursdays 13:xx at 2 %.
    const tuesdays = ['2026-11-03', '2026-11-10', '2026-11-17', '2026-11-24', '2026-12-01'].map((d) => measured(`${d}T08:15:00Z`, 1000, 80));
    const thursdays = ['2026-11-05', '2026-11-12', '2026-11-19', '2026-11-26', '2026-10-29'].map((d) => measured(`${d}T12:40:00Z`, 1000, 20));
    // A post older than the window does not count either.
    const old = measured('2026-03-03T08:15:00Z', 1000, 900);
    await uow.transaction(() => snapshots.addDaily([...tuesdays, ...thursdays, old].flat()));
    const some = await service.suggest(member, connection.id, now);
    expect(some.enoughData).toBe(true);
    expect(some.basis.posts).toBe(10);
    expect(some.suggestions).toEqual([
      { weekday: 'tue', time: '09:00', posts: 5, impressions: 5000, engagements: 400, engagementRate: 0.08 },
      { weekday: 'thu', time: '13:00', posts: 5, impressions: 5000, engagements: 100, engagementRate: 0.02 },
    ]);
  });

  it('answers 404 to someone without a role in the brand, and for an unknown connection', async () => {
    await expect(service.suggest(outsider, connection.id, now)).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    await expect(service.suggest(member, randomUUID(), now)).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});
