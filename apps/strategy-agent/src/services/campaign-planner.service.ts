import { Injectable } from '@nestjs/common';
import { AiService, type CalendarItem, type PlatformId } from '@mt/ai';
import { CAMPAIGN_EVENTS, type JobTask, MeshError, type PlanCampaignInput, type PlanResult, type TaskEnvelope, UnitOfWork } from '@mt/messages';
import { jobKey, JobReporter, safeTimeZone, toLocal, toUtc } from '@mt/runtime';
import { aiBrandContext, BrandProfileService } from '@mt/replicas';
import type { CalendarEntryEntity } from '../entities/calendar-entry.entity';
import { CalendarEntryRepository, KEPT_STATUSES } from '../repositories/calendar-entry.repository';
import { CampaignRepository } from '../repositories/campaign.repository';
import { CampaignAccessService, campaignNotFound } from './campaign-access.service';
import { toCalendarEntry } from './calendar-view';
import { shapePlan, type PlannedSlot } from './plan-shaper';

const AGENT = 'strategy-agent';
/** Stages the job reports: brand read, AI calendar, saved. */
const STAGES = 3;
/**
 * Redeliveries of a plan task after a retryable failure: none. The AI call already retries invalid
 * output (with the problems fed back), timeouts, 429 and 5xx itself (AI_MAX_RETRIES), and the mesh
 * acknowledges a manual-transaction handler's error without redelivering it, so a rethrown error
 * would leave the job running for ever. The job fails with the AI's code; `POST /jobs/{id}/retry`
 * starts a fresh attempt (docs/adr/055).
 */
export const PLAN_MAX_REDELIVERIES = 0;

interface PreparedPlan {
  campaignId: string;
  brandId: string;
  timezone: string;
  pillars: string[];
  items: CalendarItem[];
}

/**
 * The plan job: the brand and an AI calendar are fetched with no transaction open; the calendar is
 * then shaped to the campaign's dates, platforms and cadence and committed in ONE transaction with
 * the campaign's 'planned' status and `campaign.planned`. A failure before that commit leaves the
 * previous calendar and status exactly as they were.
 */
@Injectable()
export class CampaignPlannerService {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly entries: CalendarEntryRepository,
    private readonly access: CampaignAccessService,
    private readonly profiles: BrandProfileService,
    private readonly ai: AiService,
    private readonly reporter: JobReporter,
    private readonly uow: UnitOfWork,
  ) {}

  plan(task: TaskEnvelope<JobTask<PlanCampaignInput>>): Promise<PlanResult | undefined> {
    const job = task.payload;
    const capped = { ...task, max_retries: Math.min(task.max_retries, PLAN_MAX_REDELIVERIES) };
    return this.reporter.runStaged<PlanCampaignInput, PreparedPlan, PlanResult>(capped, {
      prepare: async (input, report) => {
        const campaign = await this.access.load(input.actor, input.campaignId, 'editor');
        const profile = await this.profiles.get(campaign.brandId);
        await report.progress(1, STAGES);
        const { output } = await this.ai.run(
          'campaign-calendar',
          {
            brand: aiBrandContext(profile),
            campaign: {
              name: campaign.name,
              goal: campaign.goal,
              brief: '',
              startDate: campaign.startDate,
              endDate: campaign.endDate,
              platforms: campaign.platforms as PlatformId[],
              postsPerWeek: campaign.postsPerWeek,
            },
          },
          { agent: AGENT, brandId: campaign.brandId, jobId: job.jobId, idempotencyKey: jobKey(task) },
        );
        await report.progress(2, STAGES);
        return {
          campaignId: campaign.id,
          brandId: campaign.brandId,
          timezone: safeTimeZone(profile.brand.timezone),
          pillars: profile.brand.pillars,
          items: output.items,
        };
      },
      commit: (prepared) => this.commit(job.jobId, job.attempt ?? 1, prepared),
    });
  }

  private async commit(jobId: string, attempt: number, p: PreparedPlan): Promise<PlanResult> {
    const done = await this.entries.findPlanRun(jobId);
    if (done) return done.result; // a redelivery after the commit: nothing to do twice
    const campaign = await this.campaigns.findLiveForUpdate(p.campaignId);
    if (!campaign || campaign.brandId !== p.brandId) throw campaignNotFound();

    const previous = await this.entries.listByCampaign(campaign.id);
    const kept = previous.filter((e) => KEPT_STATUSES.includes(e.status));
    const replaced = previous.filter((e) => !KEPT_STATUSES.includes(e.status));
    // The campaign as it is now (an edit may have landed while the AI was thinking).
    const slots = shapePlan({
      campaign: {
        name: campaign.name,
        goal: campaign.goal,
        startDate: campaign.startDate,
        endDate: campaign.endDate,
        platforms: campaign.platforms,
        postsPerWeek: campaign.postsPerWeek,
      },
      items: p.items,
      kept: kept.map(toSlot),
      pillars: p.pillars,
    });
    if (slots.length === 0) {
      throw new MeshError('PLAN_EMPTY', 'The campaign leaves no room for a post', { status: 422, retryable: false });
    }

    await this.entries.deleteByIds(replaced.map((e) => e.id));
    const created = await this.entries.insertMany(
      slots
        .filter((s) => !s.kept)
        .map((s) => {
          const at = toUtc({ date: s.date, time: s.time }, p.timezone);
          const local = toLocal(at, p.timezone); // a time in a DST gap reads back as the real wall time
          return {
            campaignId: campaign.id,
            brandId: campaign.brandId,
            date: local.date,
            time: local.time,
            timezone: p.timezone,
            scheduledAt: at,
            platform: s.platform,
            topic: s.topic.slice(0, 300),
            pillar: s.pillar,
            format: s.format,
            framework: s.framework,
            status: 'planned' as const,
            contentId: null,
            generationError: null,
            planJobId: jobId,
          };
        }),
    );
    if (campaign.status === 'draft' || campaign.status === 'planning' || campaign.status === 'planned') {
      campaign.status = 'planned';
    }
    await this.campaigns.save(campaign);

    const all = [...kept, ...created].sort((a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime() || a.platform.localeCompare(b.platform));
    const result: PlanResult = { campaignId: campaign.id, entries: all.length, kept: kept.length, replaced: replaced.length };
    await this.entries.insertPlanRun({ jobId, campaignId: campaign.id, result });
    this.reporter.progress({ jobId, attempt }, STAGES, STAGES);
    this.uow.publishEvent(CAMPAIGN_EVENTS.planned, {
      campaignId: campaign.id,
      brandId: campaign.brandId,
      campaignName: campaign.name,
      goal: campaign.goal,
      entries: all.map(toCalendarEntry),
      jobId,
      replacedEntryIds: replaced.map((e) => e.id),
    });
    return result;
  }
}

function toSlot(e: CalendarEntryEntity): PlannedSlot {
  return { date: e.date, time: e.time, platform: e.platform, pillar: e.pillar, topic: e.topic, format: e.format, framework: e.framework };
}
