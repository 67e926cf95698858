import { Injectable } from '@nestjs/common';
import { AiService, isAiError, isPlatformId, type PostMetrics } from '@mt/ai';
import {
  type Actor,
  CAMPAIGN_EVENTS,
  type GenerateInsightsInput,
  type Insight,
  type InsightList,
  type InsightsResult,
  type JobTask,
  MeshError,
  type TaskEnvelope,
  UnitOfWork,
} from '@mt/messages';
import { jobKey, JobReporter, safeTimeZone } from '@mt/runtime';
import { aiBrandContext, BrandAccessService, BrandProfileService } from '@mt/replicas';
import type { AnalyticsReplicaEntity } from '../replicas/analytics-replica.entity';
import type { InsightEntity } from '../entities/insight.entity';
import { AnalyticsReplicaRepository } from '../replicas/analytics-replica.repository';
import { InsightRepository } from '../repositories/insight.repository';
import { computeInsights, type InsightDraft, type PostNumbers } from './insight-rules';

const AGENT = 'strategy-agent';
const STAGES = 3;
export const DEFAULT_PERIOD_DAYS = 7;
/** Posts handed to the AI for its summary: the most recent ones (a prompt has a size). */
const AI_POSTS = 120;

interface PreparedInsights {
  brandId: string;
  drafts: InsightDraft[];
  snapshots: number;
  summaryError: string | null;
}

/**
 * The insights job. Every number comes from the analytics replica and is computed here
 * (insight-rules); the 'insights' AI task only words a summary on top. The summary is an extra: when
 * the AI fails, the computed insights are still stored and the result says why the summary is missing.
 */
@Injectable()
export class InsightsService {
  constructor(
    private readonly access: BrandAccessService,
    private readonly profiles: BrandProfileService,
    private readonly snapshots: AnalyticsReplicaRepository,
    private readonly insights: InsightRepository,
    private readonly ai: AiService,
    private readonly reporter: JobReporter,
    private readonly uow: UnitOfWork,
  ) {}

  generate(task: TaskEnvelope<JobTask<GenerateInsightsInput>>): Promise<InsightsResult | undefined> {
    const job = task.payload;
    // No mesh redelivery for manual-transaction handlers (see PLAN_MAX_REDELIVERIES): fail, then retry the job.
    const capped = { ...task, max_retries: 0 };
    return this.reporter.runStaged<GenerateInsightsInput, PreparedInsights, InsightsResult>(capped, {
      prepare: async (input, report) => {
        const periodDays = input.periodDays ?? DEFAULT_PERIOD_DAYS;
        if (!Number.isInteger(periodDays) || periodDays < 1 || periodDays > 90) {
          throw new MeshError('VALIDATION_FAILED', 'periodDays must be a whole number from 1 to 90', { status: 400, retryable: false });
        }
        await this.access.require(input.actor, input.brandId, 'editor');
        const profile = await this.profiles.get(input.brandId);
        const rows = await this.snapshots.listByBrand(input.brandId);
        await report.progress(1, STAGES);
        const timezone = safeTimeZone(profile.brand.timezone);
        const posts = rows.map(toNumbers);
        const drafts = computeInsights({ posts, timezone, periodDays });
        await report.progress(2, STAGES);
        const summary = posts.length ? await this.summary(task, input.brandId, profile, posts) : { draft: null, error: null };
        if (summary.draft) drafts.unshift(summary.draft);
        return { brandId: input.brandId, drafts, snapshots: rows.length, summaryError: summary.error };
      },
      commit: async (p) => {
        const done = await this.insights.byRun(job.jobId);
        const rows = done.length
          ? done
          : await this.insights.insertMany(p.drafts.map((d, position) => ({ ...d, brandId: p.brandId, runId: job.jobId, position })));
        const items = rows.map(toInsight);
        if (!done.length) this.uow.publishEvent(CAMPAIGN_EVENTS.insightsGenerated, { brandId: p.brandId, insights: items });
        return { brandId: p.brandId, insights: items.length, snapshots: p.snapshots, simulated: items.some((i) => i.simulated), summaryError: p.summaryError };
      },
    });
  }

  async latest(actor: Actor, brandId: string): Promise<InsightList> {
    await this.access.require(actor, brandId, 'viewer');
    return { items: (await this.insights.latestRun(brandId)).map(toInsight), nextCursor: null };
  }

  /** The AI's summary of the same numbers, as one more insight; the AI's error code when it could not give one. */
  private async summary(
    task: TaskEnvelope<JobTask<GenerateInsightsInput>>,
    brandId: string,
    profile: Awaited<ReturnType<BrandProfileService['get']>>,
    posts: PostNumbers[],
  ): Promise<{ draft: InsightDraft | null; error: string | null }> {
    const recent = posts.slice(-AI_POSTS);
    const metrics: PostMetrics[] = recent
      .filter((p) => isPlatformId(p.platform))
      .map((p) => ({
        id: p.contentId,
        platform: p.platform as PostMetrics['platform'],
        ...(p.pillar ? { pillar: p.pillar } : {}),
        publishedAt: p.publishedAt.toISOString(),
        ...(p.topic ? { text: p.topic } : {}),
        impressions: p.impressions,
        engagements: p.engagements,
        clicks: p.clicks,
      }));
    if (metrics.length === 0) return { draft: null, error: null };
    try {
      const { output, meta } = await this.ai.run(
        'insights',
        {
          brand: aiBrandContext(profile),
          period: { from: metrics[0].publishedAt.slice(0, 10), to: metrics[metrics.length - 1].publishedAt.slice(0, 10) },
          posts: metrics,
          timezone: profile.brand.timezone,
        },
        { agent: AGENT, brandId, jobId: task.payload.jobId, idempotencyKey: jobKey(task) },
      );
      const draft: InsightDraft = {
        type: 'summary',
        category: 'summary',
        message: output.summary,
        recommendation: output.recommendations[0]?.action ?? 'Keep publishing and check again next period.',
        evidence: {
          posts: metrics.length,
          findings: output.findings.map((f) => ({ title: f.title, detail: f.detail, posts: f.evidencePostIds.length })),
          recommendations: output.recommendations,
          engine: meta.engine,
          model: meta.model,
        },
        simulated: recent.some((p) => p.simulated),
      };
      return { draft, error: null };
    } catch (err) {
      if (!isAiError(err)) throw err;
      return { draft: null, error: err.code };
    }
  }
}

function toNumbers(s: AnalyticsReplicaEntity): PostNumbers {
  return {
    contentId: s.contentId,
    platform: s.platform,
    publishedAt: s.publishedAt,
    impressions: Number(s.impressions),
    engagements: Number(s.engagements),
    clicks: Number(s.clicks),
    simulated: s.simulated,
    topic: s.topic,
    pillar: s.pillar,
    format: s.format,
  };
}

function toInsight(e: InsightEntity): Insight {
  return {
    id: e.id,
    brandId: e.brandId,
    type: e.type,
    category: e.category,
    message: e.message,
    recommendation: e.recommendation,
    evidence: e.evidence,
    simulated: e.simulated,
    createdAt: e.createdAt.toISOString(),
  };
}
