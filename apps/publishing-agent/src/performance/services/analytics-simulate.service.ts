import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type JobTask, MeshError, type SimulateAnalyticsInput, type SimulateAnalyticsResult, type TaskEnvelope } from '@mt/messages';
import { JobReporter } from '@mt/runtime';
import { BrandAccessService, BrandProfileService } from '@mt/replicas';
import { AbTestRepository } from '../repositories/abtest.repository';
import { AnalyticsSnapshotRepository, type DailyRowInput } from '../repositories/analytics-snapshot.repository';
import { CampaignReplicaRepository } from '../../replicas/campaign-replica.repository';
import { ContentReplicaRepository } from '../../replicas/content-replica.repository';
import { MetricsTargetRepository } from '../repositories/metrics-target.repository';
import { simulatedVariantKey } from './abtest.service';
import { nameEffect, planPosts, type SimPost, simulatePerformance, localParts, windowDays } from './simulation-model';
import { AnalyticsUpdatesService } from './analytics-updates.service';

export const MAX_SIMULATED_DAYS = 90;
/** The newest publications measured by a simulation (older ones keep whatever they had). */
const MAX_KNOWN_POSTS = 300;

/** A stable UUID for a synthetic post, so every consumer can treat it as a content id. */
export function syntheticContentId(brandId: string, key: string): string {
  const h = createHash('sha256').update(`${brandId}:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Prepared {
  brandId: string;
  days: number;
  rows: DailyRowInput[];
  posts: number;
  fromKnownContent: boolean;
}

/**
 * POST /analytics/simulate: synthetic performance over the last `days` days, replacing the brand's
 * previous simulation. Seeded by brand, days and end day: the same request on the same day gives
 * the same numbers.
 *
 * Numbers go only to what exists: each publication of the window (its own platform, from its own
 * publication time) and the running A/B tests' variants. A draft, an approved post or a post
 * published elsewhere gets none, so the overview never shows a platform nothing went out on. Only
 * a brand with nothing published in the window gets example posts (synthetic ids, no content),
 * and the result says so (`fromKnownContent: false`). ADR 128.
 */
@Injectable()
export class AnalyticsSimulateService {
  constructor(
    private readonly reporter: JobReporter,
    private readonly access: BrandAccessService,
    private readonly profiles: BrandProfileService,
    private readonly catalog: ContentReplicaRepository,
    private readonly campaigns: CampaignReplicaRepository,
    private readonly abtests: AbTestRepository,
    private readonly targets: MetricsTargetRepository,
    private readonly snapshots: AnalyticsSnapshotRepository,
    private readonly updates: AnalyticsUpdatesService,
  ) {}

  run(task: TaskEnvelope<JobTask<SimulateAnalyticsInput>>): Promise<SimulateAnalyticsResult | undefined> {
    return this.reporter.runStaged(task, {
      prepare: (input, report) => this.prepare(input, report),
      commit: (prepared) => this.commit(prepared),
    });
  }

  private async prepare(input: SimulateAnalyticsInput, report: { progress(done: number, total: number): void | Promise<void> }): Promise<Prepared> {
    if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_SIMULATED_DAYS) {
      throw new MeshError('VALIDATION_FAILED', `days must be 1–${MAX_SIMULATED_DAYS}`, { status: 400, retryable: false });
    }
    await this.access.require(input.actor, input.brandId, 'editor');
    const { brand } = await this.profiles.get(input.brandId);
    await report.progress(1, 3);
    const endDay = new Date().toISOString().slice(0, 10);
    const seed = `${input.brandId}:${input.days}:${endDay}`;
    const abPosts = await this.abTestPosts(input.brandId, endDay, input.days, brand.timezone);
    const published = await this.publishedPosts(input.brandId, endDay, input.days, brand.timezone, new Set(abPosts.map((p) => p.contentId)));
    const known = [...published, ...abPosts];
    const posts =
      known.length > 0
        ? known
        : planPosts({
            seed,
            endDay,
            days: input.days,
            timezone: brand.timezone,
            known: [],
            platforms: await this.campaigns.platformsOfBrand(input.brandId),
            pillars: brand.pillars,
          }).map((p) => ({ ...p, contentId: syntheticContentId(input.brandId, p.key) }));
    const rows = simulatePerformance(seed, posts, endDay).map((r): DailyRowInput => ({ ...r, brandId: input.brandId, simulated: true }));
    await report.progress(2, 3);
    return { brandId: input.brandId, days: input.days, rows, posts: posts.length, fromKnownContent: known.length > 0 };
  }

  /** Each publication in the window, on its platform at its time (an A/B-tested content is left to its variants). */
  private async publishedPosts(brandId: string, endDay: string, days: number, timezone: string, abContent: Set<string | null>): Promise<SimPost[]> {
    const from = new Date(`${windowDays(endDay, days)[0]}T00:00:00Z`);
    const targets = (await this.targets.listPublishedSince(brandId, from, MAX_KNOWN_POSTS)).filter((t) => !abContent.has(t.contentId));
    const catalog = new Map((await this.catalog.findMany([...new Set(targets.map((t) => t.contentId))])).map((c) => [c.contentId, c]));
    return targets.map((t) => {
      const c = catalog.get(t.contentId);
      const local = localParts(t.publishedAt, timezone);
      return {
        key: `sim:${t.scheduleId}`,
        contentId: t.contentId,
        platform: t.platform,
        topic: c?.topic ?? null,
        pillar: c?.pillar ?? null,
        format: c?.format ?? null,
        publishedAt: t.publishedAt,
        localHour: local.hour,
        localWeekday: local.weekday,
      };
    });
  }

  /**
   * Running A/B tests get numbers too (their variants' own effect on the rate drawn from the
   * variant id), placed on their slots when those fall in the window, else a few days before its
   * end so that they gather a whole post's numbers.
   */
  private async abTestPosts(brandId: string, endDay: string, days: number, timezone: string): Promise<SimPost[]> {
    const tests = await this.abtests.listRunning(brandId);
    const endMs = Date.parse(`${endDay}T23:00:00Z`);
    const stand = new Date(Date.parse(`${endDay}T10:00:00Z`) - Math.min(4, days - 1) * 86_400_000);
    return tests.flatMap((t) =>
      t.variants.map((v) => {
        const at = v.slotAt.getTime() <= endMs ? v.slotAt : stand;
        const local = localParts(at, timezone);
        return {
          key: simulatedVariantKey(t.id, v.label),
          contentId: t.contentId,
          platform: t.platform,
          topic: null,
          pillar: null,
          format: null,
          publishedAt: at,
          // Both variants go out at comparable slots: give them the same timing, only the text differs.
          localHour: 10,
          localWeekday: local.weekday <= 5 ? 3 : local.weekday,
          rateEffect: nameEffect(v.variantId, 0.75, 1.3),
        };
      }),
    );
  }

  private async commit(p: Prepared): Promise<SimulateAnalyticsResult> {
    await this.snapshots.deleteSimulated(p.brandId);
    await this.snapshots.addDaily(p.rows);
    await this.updates.announce(p.brandId, [...new Set(p.rows.map((r) => r.postKey))]);
    return { brandId: p.brandId, days: p.days, posts: p.posts, rows: p.rows.length, fromKnownContent: p.fromKnownContent, simulated: true };
  }
}
