import { randomUUID } from 'node:crypto';
import type { AiService, CalendarItem } from '@mt/ai';
import type { Actor, JobTask, PlanCampaignInput, TaskEnvelope } from '@mt/messages';
import { JobReporter } from '@mt/runtime';
import { type BrandProfile, type BrandProfileService } from '@mt/replicas';
import type { MediumContext } from '../../../../test/support/medium';
import { newStrategyMedium } from '../../test/medium';
import { CalendarEntryRepository } from '../repositories/calendar-entry.repository';
import { CampaignRepository } from '../repositories/campaign.repository';
import { CampaignAccessService } from './campaign-access.service';
import { CampaignPlannerService } from './campaign-planner.service';

describe('CampaignPlannerService (PostgreSQL)', () => {
  let ctx: MediumContext;
  let planner: CampaignPlannerService;
  let campaigns: CampaignRepository;
  const owner: Actor = { userId: randomUUID() };
  const brandId = randomUUID();
  let aiAnswer: () => Promise<{ output: { theme: string; items: CalendarItem[] } }>;

  const profile: BrandProfile = {
    brand: {
      id: brandId,
      name: 'Acme',
      industry: null,
      description: null,
      website: null,
      audience: null,
      tone: null,
      values: [],
      bannedWords: [],
      pillars: ['Education', 'Product'],
      competitors: [],
      timezone: 'America/New_York',
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    },
    voice: null,
  };

  const task = (campaignId: string, jobId = randomUUID()): TaskEnvelope<JobTask<PlanCampaignInput>> =>
    ({ payload: { jobId, attempt: 1, input: { actor: owner, campaignId } }, retry_count: 0, max_retries: 5 }) as TaskEnvelope<JobTask<PlanCampaignInput>>;

  const outboxTypes = async (): Promise<string[]> =>
    (await ctx.ds.query(`SELECT envelope FROM strategy.outbox ORDER BY id`)).map((r: { envelope: string }) => JSON.parse(r.envelope).event_type as string);

  beforeAll(async () => {
    ctx = await newStrategyMedium({ label: 'planner' });
    const access = ctx.access;
    await ctx.grant(brandId, owner, 'owner');
    campaigns = new CampaignRepository(ctx.uow);
    const ai = { run: () => aiAnswer() } as unknown as AiService;
    const profiles = { get: async () => profile } as unknown as BrandProfileService;
    planner = new CampaignPlannerService(
      campaigns,
      new CalendarEntryRepository(ctx.uow),
      new CampaignAccessService(campaigns, access),
      profiles,
      ai,
      new JobReporter(ctx.uow),
      ctx.uow,
    );
  });

  afterAll(() => ctx.stop());

  const newCampaign = () =>
    ctx.uow.transaction(() =>
      campaigns.insert({
        brandId,
        name: 'C',
        goal: 'Sign-ups',
        startDate: '2026-03-02',
        endDate: '2026-03-15',
        platforms: ['x'],
        postsPerWeek: 2,
        budget: null,
        status: 'draft',
        createdBy: owner.userId,
      }),
    );

  it('plans in the brand zone across the US change to summer time, and a redelivered job plans nothing twice', async () => {
    aiAnswer = async () => ({ output: { theme: 'T', items: [] } }); // the planner fills every slot itself
    const c = await newCampaign();
    const t = task(c.id);
    expect(await planner.plan(t)).toEqual({ campaignId: c.id, entries: 4, kept: 0, replaced: 0 });
    const rows: { date: string; time: string; scheduled_at: Date }[] = await ctx.ds.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, time, scheduled_at FROM strategy.calendar_entry WHERE campaign_id = $1 ORDER BY scheduled_at`,
      [c.id],
    );
    // X's best days (Tuesday, Wednesday) and times in turn (09:00, 12:00, 17:00) local; New York moves to UTC-4 on 2026-03-08.
    expect(rows.map((r) => [r.date, r.time, r.scheduled_at.toISOString()])).toEqual([
      ['2026-03-03', '09:00', '2026-03-03T14:00:00.000Z'],
      ['2026-03-04', '12:00', '2026-03-04T17:00:00.000Z'],
      ['2026-03-10', '17:00', '2026-03-10T21:00:00.000Z'],
      ['2026-03-11', '09:00', '2026-03-11T13:00:00.000Z'],
    ]);
    const events = (await outboxTypes()).filter((e) => e === 'campaign.planned').length;
    expect(await planner.plan(t)).toEqual({ campaignId: c.id, entries: 4, kept: 0, replaced: 0 });
    expect((await outboxTypes()).filter((e) => e === 'campaign.planned')).toHaveLength(events);
    expect((await campaigns.findLive(c.id))?.status).toBe('planned');
  });

  it('reports an AI failure as a failed job and leaves the calendar and status as they were', async () => {
    const c = await newCampaign();
    aiAnswer = async () => {
      throw Object.assign(new Error('bad JSON'), { code: 'AI_INVALID_OUTPUT', retryable: true });
    };
    expect(await planner.plan(task(c.id))).toBeUndefined();
    const [failed] = (await ctx.ds.query(`SELECT envelope FROM strategy.outbox ORDER BY id DESC LIMIT 1`)).map((r: { envelope: string }) =>
      JSON.parse(r.envelope),
    );
    expect(failed).toMatchObject({ event_type: 'job.failed', payload: { error: { code: 'AI_INVALID_OUTPUT' } } });
    expect(await ctx.ds.query(`SELECT id FROM strategy.calendar_entry WHERE campaign_id = $1`, [c.id])).toEqual([]);
    expect((await campaigns.findLive(c.id))?.status).toBe('draft');
  });
});
