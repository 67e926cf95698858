import { z } from 'zod';
import { AnalyticsOverviewQuery } from '../dtos/analytics.dto';
import { CreateCampaignDto } from '../dtos/campaign.dto';
import { GenerateContentDto, ListContentQuery } from '../dtos/content.dto';
import { ListMessagesQuery } from '../dtos/messages.dto';
import { PageQueryDto } from '../dtos/pagination.dto';
import { ScheduleContentDto } from '../dtos/schedule.dto';
import { type ApiClient, type JobView } from './api-client';
import { dtoInput } from './dto-input';

/**
 * The MCP tools (ADR 138): each is the equivalent API request(s), made by `ApiClient` with the
 * caller's own credentials, so the gateway checks a tool call exactly as it checks the API call.
 * Input schemas are built from the API's own request DTOs (apps/gateway/src/dtos, ADR 155), so
 * their limits, enums and required fields are the API's; only ids of the path and the
 * idempotency key are the tools' own. Answers are the API's answers as structured content, with a
 * one-line summary for people.
 */

export interface ToolContext {
  api: ApiClient;
  /** Set when the client sent a progressToken: report job progress through it. */
  progress?: (done: number, total: number, message: string) => Promise<void>;
  signal?: AbortSignal;
}

export interface ToolAnswer {
  data: Record<string, unknown>;
  summary: string;
  /** The brand the call acted on, for the audit log its owners read. */
  brandId?: string | null;
}

/** The API operation a tool's input stands for: its body or query DTO is the tool's schema (ADR 155). */
export interface ToolOperation {
  method: 'get' | 'post';
  /** As in the OpenAPI document, e.g. `/api/v1/content/{id}/schedule`. */
  path: string;
  body?: abstract new (...args: never[]) => unknown;
  query?: abstract new (...args: never[]) => unknown;
}

export interface ToolDefinition<S extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  operation?: ToolOperation;
  title: string;
  description: string;
  input: S;
  readOnly: boolean;
  run(ctx: ToolContext, args: z.infer<z.ZodObject<S>>): Promise<ToolAnswer>;
  /**
   * The brand of a call that failed, for the audit log, when its input names no brand: read with
   * the caller's own token, so a resource the caller cannot see stays unknown (and unrecorded).
   */
  brandOf?(api: ApiClient, args: z.infer<z.ZodObject<S>>): Promise<string | null>;
}

const brandOfContent = async (api: ApiClient, { contentId }: { contentId: string }) =>
  (await api.get<{ brandId: string }>(`/content/${encodeURIComponent(contentId)}`)).brandId;
const brandOfCampaign = async (api: ApiClient, { campaignId }: { campaignId: string }) =>
  (await api.get<{ brandId: string }>(`/campaigns/${encodeURIComponent(campaignId)}`)).brandId;

const uuid = (what: string) => z.string().uuid().describe(what);
const idempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .optional()
  .describe('Sent as the Idempotency-Key header: the same key and input replay the first answer and do the work once');

type Page<T> = { items: T[]; nextCursor: string | null };
type Brand = { id: string; name: string };
type Campaign = { id: string; brandId: string; name: string; status: string };
type Content = { id: string; brandId: string; platform: string; status: string; body: string };
type Accepted = { jobId: string; status: string; kind: string; links: { self: string } };

const tool = <S extends z.ZodRawShape>(def: ToolDefinition<S>): ToolDefinition<S> => def;
const enc = encodeURIComponent;
const short = (text: string, n = 80) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * A job started by a tool: with a progressToken the tool follows it to its end, reporting each
 * step; without one it answers the job id at once, to poll with get_job.
 */
async function startedJob(ctx: ToolContext, accepted: Accepted, what: string, knownBrand: string | null): Promise<ToolAnswer> {
  // A job started from an id that names no brand (an inbox message) is filed under the job's own brand.
  const brandId = knownBrand ?? (await ctx.api.get<JobView>(`/jobs/${enc(accepted.jobId)}`).catch(() => null))?.brandId ?? null;
  if (!ctx.progress) {
    return {
      data: { jobId: accepted.jobId, status: accepted.status, kind: accepted.kind },
      summary: `Started ${what} (job ${accepted.jobId}); follow it with get_job.`,
      brandId,
    };
  }
  const report = ctx.progress;
  let lastReported = '';
  const job = await ctx.api.followJob(
    accepted.jobId,
    (j: JobView) => {
      const key = `${j.status}:${j.progress.done}/${j.progress.total}`;
      if (key === lastReported) return;
      lastReported = key;
      void report(j.progress.done, Math.max(j.progress.total, j.progress.done), `${what}: ${j.status}`).catch(() => undefined);
    },
    ctx.signal,
  );
  return { data: { jobId: job.id, ...job }, summary: `${what}: ${job.status}${job.error?.code ? ` (${job.error.code})` : ''}.`, brandId };
}

export const MCP_TOOLS = [
  tool({
    name: 'list_brands',
    title: 'List brands',
    description: 'The brands this token may act on, with the caller’s role in each.',
    operation: { method: 'get', path: '/api/v1/brands', query: PageQueryDto },
    input: dtoInput(PageQueryDto),
    readOnly: true,
    async run({ api }, args) {
      const p = await api.get<Page<Brand>>('/brands', args);
      return { data: p, summary: p.items.length ? `${plural(p.items.length, 'brand')}: ${p.items.map((b) => b.name).join(', ')}.` : 'No brands.' };
    },
  }),
  tool({
    name: 'get_brand_voice',
    title: 'Get a brand’s voice',
    description: 'The brand’s learned voice profile: tone, traits, sentence style, vocabulary, examples.',
    input: { brandId: uuid('The brand') },
    readOnly: true,
    async run({ api }, { brandId }) {
      const v = await api.get<{ tone?: string; traits?: string[] }>(`/brands/${enc(brandId)}/voice`);
      return { data: v, summary: `Voice: ${v.tone ?? 'no tone yet'}${v.traits?.length ? `; traits ${v.traits.join(', ')}` : ''}.`, brandId };
    },
  }),
  tool({
    name: 'create_campaign',
    title: 'Create a campaign',
    description: 'A campaign of a brand (editor or owner): dates, platforms and cadence. Plan it next with plan_campaign.',
    operation: { method: 'post', path: '/api/v1/campaigns', body: CreateCampaignDto },
    input: { ...dtoInput(CreateCampaignDto), idempotencyKey },
    readOnly: false,
    async run({ api }, { idempotencyKey: key, ...body }) {
      const c = await api.post<Campaign>('/campaigns', body, key);
      return { data: c, summary: `Created campaign “${c.name}” (${c.id}).`, brandId: c.brandId };
    },
  }),
  tool({
    name: 'plan_campaign',
    brandOf: brandOfCampaign,
    title: 'Plan a campaign',
    description:
      'Starts the AI job that writes the campaign’s content calendar (content for each entry follows). With a progressToken the call reports progress and answers when the job ends; otherwise it answers the job id to follow with get_job.',
    input: { campaignId: uuid('The campaign'), idempotencyKey },
    readOnly: false,
    async run(ctx, { campaignId, idempotencyKey: key }) {
      const c = await ctx.api.get<Campaign>(`/campaigns/${enc(campaignId)}`);
      const accepted = await ctx.api.post<Accepted>(`/campaigns/${enc(campaignId)}/plan`, undefined, key);
      return startedJob(ctx, accepted, `Planning “${c.name}”`, c.brandId);
    },
  }),
  tool({
    name: 'get_job',
    title: 'Get a job',
    description: 'A long-running AI job: status, progress, and its result or problem when it ended.',
    input: { jobId: uuid('The job') },
    readOnly: true,
    async run({ api }, { jobId }) {
      const j = await api.get<JobView>(`/jobs/${enc(jobId)}`);
      return { data: { ...j }, summary: `Job ${j.kind} ${j.status} (${j.progress.done}/${j.progress.total}).`, brandId: j.brandId ?? null };
    },
  }),
  tool({
    name: 'list_calendar',
    brandOf: brandOfCampaign,
    title: 'List a campaign’s calendar',
    description: 'The calendar entries of a campaign: date, platform, topic, pillar, format, status and content id.',
    input: { campaignId: uuid('The campaign') },
    readOnly: true,
    async run({ api }, { campaignId }) {
      const c = await api.get<Campaign>(`/campaigns/${enc(campaignId)}`);
      const cal = await api.get<Page<{ date: string; platform: string; topic: string }>>(`/campaigns/${enc(campaignId)}/calendar`);
      return { data: cal, summary: `“${c.name}”: ${plural(cal.items.length, 'calendar entry').replace('entrys', 'entries')}.`, brandId: c.brandId };
    },
  }),
  tool({
    name: 'generate_post',
    title: 'Generate a post',
    description: 'Starts the AI job that writes a post (with scored variants) for a calendar entry or a brief. Progress and the result as plan_campaign.',
    operation: { method: 'post', path: '/api/v1/content/generate', body: GenerateContentDto },
    input: { ...dtoInput(GenerateContentDto), idempotencyKey },
    readOnly: false,
    async run(ctx, { idempotencyKey: key, ...body }) {
      const accepted = await ctx.api.post<Accepted>('/content/generate', body, key);
      return startedJob(ctx, accepted, `Writing a ${body.platform} post`, body.brandId);
    },
  }),
  tool({
    name: 'list_content',
    title: 'List content',
    description: 'A brand’s posts, newest first, optionally of one campaign or status (draft, approved, scheduled, published, failed).',
    operation: { method: 'get', path: '/api/v1/content', query: ListContentQuery },
    input: dtoInput(ListContentQuery),
    readOnly: true,
    async run({ api }, args) {
      const p = await api.get<Page<Content>>('/content', args);
      return { data: p, summary: `${plural(p.items.length, 'post')}${p.nextCursor ? ' (more with nextCursor)' : ''}.`, brandId: args.brandId };
    },
  }),
  tool({
    name: 'get_content',
    brandOf: brandOfContent,
    title: 'Get a post',
    description: 'One post: body, hashtags, scored variants, status.',
    input: { contentId: uuid('The post') },
    readOnly: true,
    async run({ api }, { contentId }) {
      const c = await api.get<Content>(`/content/${enc(contentId)}`);
      return { data: c, summary: `${c.platform} post, ${c.status}: “${short(c.body)}”`, brandId: c.brandId };
    },
  }),
  tool({
    name: 'approve_content',
    brandOf: brandOfContent,
    title: 'Approve a post',
    description: 'Approves a draft (editor or owner) so it can be scheduled.',
    input: { contentId: uuid('The post'), idempotencyKey },
    readOnly: false,
    async run({ api }, { contentId, idempotencyKey: key }) {
      const c = await api.post<Content>(`/content/${enc(contentId)}/approve`, undefined, key);
      return { data: c, summary: `Approved the ${c.platform} post ${c.id}.`, brandId: c.brandId };
    },
  }),
  tool({
    name: 'schedule_content',
    brandOf: brandOfContent,
    title: 'Schedule a post',
    description: 'Schedules an approved post on some of the brand’s channels (connection ids from the API’s /connections) at a time (needs the publish scope).',
    operation: { method: 'post', path: '/api/v1/content/{id}/schedule', body: ScheduleContentDto },
    input: { contentId: uuid('The post'), ...dtoInput(ScheduleContentDto), idempotencyKey },
    readOnly: false,
    async run({ api }, { contentId, idempotencyKey: key, ...body }) {
      const r = await api.post<{ brandId: string; items?: unknown[] }>(`/content/${enc(contentId)}/schedule`, body, key);
      return {
        data: r,
        summary: `Scheduled post ${contentId} for ${body.at} on ${body.connectionIds ? plural(body.connectionIds.length, 'channel') : 'its targets'}.`,
        brandId: r.brandId,
      };
    },
  }),
  tool({
    name: 'analytics_summary',
    title: 'Analytics summary',
    description: 'Totals and daily series (impressions, engagements, clicks, engagement rate) per platform; simulated figures say so.',
    operation: { method: 'get', path: '/api/v1/analytics/overview', query: AnalyticsOverviewQuery },
    input: dtoInput(AnalyticsOverviewQuery),
    readOnly: true,
    async run({ api }, args) {
      const o = await api.get<{ totals?: Record<string, number>; simulated?: boolean }>('/analytics/overview', args);
      const t = o.totals ?? {};
      const summary = `${t.impressions ?? 0} impressions, ${t.engagements ?? 0} engagements, ${t.clicks ?? 0} clicks${o.simulated ? ' (simulated data)' : ''}.`;
      return { data: o, summary, brandId: args.brandId };
    },
  }),
  tool({
    name: 'list_inbox',
    title: 'List inbox messages',
    description: 'Customer messages of a brand, optionally by status (new, drafted, replied, archived), with any AI draft.',
    operation: { method: 'get', path: '/api/v1/messages', query: ListMessagesQuery },
    input: dtoInput(ListMessagesQuery),
    readOnly: true,
    async run({ api }, args) {
      const p = await api.get<Page<unknown>>('/messages', args);
      return { data: p, summary: `${plural(p.items.length, 'message')}.`, brandId: args.brandId };
    },
  }),
  tool({
    name: 'draft_inbox_reply',
    title: 'Draft an inbox reply',
    description: 'Starts the AI job that drafts a reply in the brand’s voice (saved as a draft, never sent). Progress and the result as plan_campaign.',
    input: { messageId: uuid('The inbox message'), idempotencyKey },
    readOnly: false,
    async run(ctx, { messageId, idempotencyKey: key }) {
      const accepted = await ctx.api.post<Accepted>(`/messages/${enc(messageId)}/ai-reply`, undefined, key);
      return startedJob(ctx, accepted, 'Drafting a reply', null);
    },
  }),
] as const;

export type McpToolName = (typeof MCP_TOOLS)[number]['name'];
