import type { z } from 'zod';
import type { Actor, BrandRole, Page, PageQuery } from './actor';
import type { JobTask } from './jobs.contract';
import type { Covers, Expect, TaskSpec } from './task-map';
import type { AcceptedInvitationShape, BrandDataShape, BrandShape, InvitationShape, MemberShape } from './shapes/brand.answers';
import type { BrandInputShape } from './shapes/brand.shapes';
import type { BrandStrategyFieldsShape, BrandStrategyShape } from './shapes/strategy.answers';
import type { StrategyEdit, StrategyJobOptions } from './shapes/strategy.shapes';
import type { VoiceFeedbackShape, VoiceProfileShape, VoiceProfileVersionShape } from './shapes/voice.answers';
import type { VoiceSampleListShape } from './shapes/voice.shapes';

/** A brand's own fields, as stored and announced (no caller-specific data): the shape in shapes/brand.answers.ts. */
export type BrandData = z.output<typeof BrandDataShape>;

/** A brand as its member sees it (with the caller's role). */
export type Brand = z.output<typeof BrandShape>;

/** A brand's fields once checked (trimmed, blank text as null, the time zone canonical). */
export type BrandInput = BrandInputShape;

/** Limits of a brand's fields: the gateway's DTOs and brand-agent's own validation use the same numbers. */
export const BRAND_LIMITS = {
  name: { min: 1, max: 120 },
  industry: { max: 120 },
  description: { max: 2000 },
  website: { max: 2048 },
  audience: { max: 2000 },
  tone: { max: 500 },
  timezone: { max: 64 },
  values: { items: 20, itemMax: 80 },
  bannedWords: { items: 200, itemMax: 60 },
  pillars: { items: 12, itemMax: 80 },
  competitors: { items: 50, itemMax: 120 },
} as const;

export const BRAND_TEXT_FIELDS = ['industry', 'description', 'website', 'audience', 'tone'] as const;
export const BRAND_LIST_FIELDS = ['values', 'bannedWords', 'pillars', 'competitors'] as const;
export type BrandTextField = (typeof BRAND_TEXT_FIELDS)[number];
export type BrandListField = (typeof BRAND_LIST_FIELDS)[number];

export type Member = z.output<typeof MemberShape>;

export interface CreateBrandPayload {
  actor: Actor;
  brand: BrandInput & { name: string };
  /** The creator's email as the gateway verified it (access-token claim), for the members list. */
  ownerEmail?: string;
}
export interface ListBrandsPayload {
  actor: Actor;
  page: PageQuery;
}
export interface GetBrandPayload {
  actor: Actor;
  brandId: string;
}
export interface UpdateBrandPayload {
  actor: Actor;
  brandId: string;
  changes: BrandInput;
}
export type DeleteBrandPayload = GetBrandPayload;
export interface ListMembersPayload extends GetBrandPayload {
  page?: PageQuery;
}
/** Changes the role of someone already a member (owner); a brand always keeps an owner. */
export interface ChangeMemberRolePayload {
  actor: Actor;
  brandId: string;
  userId: string;
  role: BrandRole;
}

/** An invitation to join a brand (ADR 115): it never says whether its address belongs to an account. */
export type Invitation = z.output<typeof InvitationShape>;
export interface InviteMemberPayload {
  actor: Actor;
  brandId: string;
  email: string;
  role: BrandRole;
}
export interface ListInvitationsPayload extends GetBrandPayload {
  page?: PageQuery;
}
/** The pending invitations addressed to the caller's email (as the gateway verified it). */
export interface ListMyInvitationsPayload {
  actor: Actor;
  email: string;
  page?: PageQuery;
}
/** `key`: the token from the mail, or (in-app) the invitation's id; either way addressed to `email`. */
export interface AcceptInvitationPayload {
  actor: Actor;
  email: string;
  key: string;
}
export type AcceptInvitationResult = z.output<typeof AcceptedInvitationShape>;
export interface RevokeInvitationPayload {
  actor: Actor;
  invitationId: string;
}
export interface RemoveMemberPayload {
  actor: Actor;
  brandId: string;
  userId: string;
}
/** The caller's role on a brand, or null: the authority behind every other agent's access check. */
export interface BrandAccessPayload {
  userId: string;
  brandId: string;
}
export interface BrandAccess {
  brandId: string;
  userId: string;
  role: BrandRole | null;
}

export type BrandPage = Page<Brand>;
/** Members are few per brand: the list is answered whole, in the list shape. */
export type MemberPage = Page<Member>;

export const BRAND_TASKS = {
  create: 'brand.create',
  list: 'brand.list',
  get: 'brand.get',
  update: 'brand.update',
  delete: 'brand.delete',
  listMembers: 'brand.members.list',
  changeMemberRole: 'brand.members.role',
  invite: 'brand.invitations.create',
  listInvitations: 'brand.invitations.list',
  listMyInvitations: 'brand.invitations.mine',
  acceptInvitation: 'brand.invitations.accept',
  revokeInvitation: 'brand.invitations.revoke',
  removeMember: 'brand.members.remove',
  access: 'brand.access.get',
  /** A brand's data and learned voice, for agents filling their replica (see BrandProfileReplica). */
  context: 'brand.context.get',
  /** Throws NOT_FOUND / FORBIDDEN unless the actor has at least `role`: the gateway asks before it starts a job. */
  requireRole: 'brand.access.require',
  /** Job (JobTask<LearnVoiceInput>): store samples, run 'voice-profile', store a new voice version. */
  learnVoice: 'brand.voice.learn',
  getVoice: 'brand.voice.get',
  listVoiceVersions: 'brand.voice.versions',
  listVoiceFeedback: 'brand.voice.feedback.list',
  /** Job (JobTask<GenerateStrategyInput>): run 'brand-strategy', store a new strategy version. */
  generateStrategy: 'brand.strategy.generate',
  getStrategy: 'brand.strategy.get',
  updateStrategy: 'brand.strategy.update',
  listStrategyVersions: 'brand.strategy.versions',
  /** AI usage and budgets: brand-agent answers for the shared `ai` ledger (ADR 006). */
  aiUsage: 'ai.usage.get',
  aiLogs: 'ai.logs.list',
  getAiBudget: 'ai.budget.get',
  setAiBudget: 'ai.budget.set',
  /** The gateway's question before a budgeted personal access token starts a job (ADR 117 addendum). */
  aiSpendOfJobs: 'ai.spend.jobs',
} as const;

export const BRAND_ROUTES = Object.fromEntries(Object.values(BRAND_TASKS).map((t) => [t, 'brand-agent']));

export const BRAND_EVENTS = {
  created: 'brand.created',
  updated: 'brand.updated',
  deleted: 'brand.deleted',
  /** A user's role on a brand changed (role null: access removed). Agents keep a replica of access. */
  accessChanged: 'brand.access.changed',
  /** Someone was invited to a brand; `inviteeUserId` only when the address belongs to an account (for its in-app notice). */
  invitationCreated: 'brand.invitation.created',
  /** The learned voice profile changed (samples analysed, or the learning loop updated it). */
  voiceUpdated: 'brand.voice.updated',
  /** A new version of the brand strategy (generated or edited). */
  strategyUpdated: 'brand.strategy.updated',
} as const;

export interface BrandCreatedEvent {
  brand: BrandData;
  ownerId: string;
}
export interface BrandUpdatedEvent {
  brand: BrandData;
  /** The fields the update changed. */
  changed: (keyof BrandInput)[];
  by: string;
}
export interface BrandDeletedEvent {
  brandId: string;
  by: string;
  deletedAt: string;
}
export interface BrandAccessChangedEvent {
  brandId: string;
  userId: string;
  role: BrandRole | null;
  /** When brand-agent committed the change: replicas keep the newest. */
  changedAt: string;
}

export interface BrandInvitationCreatedEvent {
  invitationId: string;
  brandId: string;
  brandName: string;
  role: BrandRole;
  invitedBy: string | null;
  /** The account the address belongs to, if any: never leaves the mesh (no HTTP answer carries it). */
  inviteeUserId: string | null;
  expiresAt: string;
}

/** A brand's voice as learned from its samples and from what its team accepts, edits and rejects: the shape in shapes/voice.answers.ts. */
export type VoiceProfile = z.output<typeof VoiceProfileShape>;

/** The answer of `brand.context.get`: what other agents replicate about a brand. */
export interface BrandContextPayload {
  brandId: string;
}
export interface BrandContextAnswer {
  brand: BrandData;
  voice: VoiceProfile | null;
  /** Set when the brand is deleted. */
  deletedAt: string | null;
}

export interface BrandVoiceUpdatedEvent {
  brandId: string;
  voice: VoiceProfile;
}

export interface RequireBrandRolePayload {
  actor: Actor;
  brandId: string;
  role: BrandRole;
}

/** Limits of voice samples: the gateway's DTO and brand-agent use the same numbers. */
export const VOICE_SAMPLE_LIMITS = { items: { min: 1, max: 50 }, chars: { min: 20, max: 5000 } } as const;

export interface LearnVoiceInput {
  actor: Actor;
  brandId: string;
  samples: z.output<typeof VoiceSampleListShape>;
}
export interface GetVoicePayload {
  actor: Actor;
  brandId: string;
}
/** One version of the voice, as the history lists it: 'samples' for a new analysis, 'feedback' for the learning loop. */
export type VoiceProfileVersion = z.output<typeof VoiceProfileVersionShape>;
export interface ListVoiceVersionsPayload extends GetVoicePayload {
  page: PageQuery;
}
export type VoiceProfileVersionPage = Page<VoiceProfileVersion>;

/** What the learning loop records: a post the team accepted, edited or rejected, or an A/B test's winner. */
export type VoiceFeedbackKind = 'accepted' | 'edited' | 'rejected' | 'ab-winner';
export const VOICE_FEEDBACK_KINDS: readonly VoiceFeedbackKind[] = ['accepted', 'edited', 'rejected', 'ab-winner'];

export type VoiceFeedback = z.output<typeof VoiceFeedbackShape>;
export interface ListVoiceFeedbackPayload extends GetVoicePayload {
  kind?: VoiceFeedbackKind;
  page: PageQuery;
}
export type VoiceFeedbackPage = Page<VoiceFeedback>;

/** A brand strategy's fields as stored (what `PUT /brands/{id}/strategy` takes, with every optional field filled in). */
export type BrandStrategyFields = z.output<typeof BrandStrategyFieldsShape>;
/** One stored version of a brand's strategy. */
export type BrandStrategy = z.output<typeof BrandStrategyShape>;
export const STRATEGY_LIMITS = {
  valueProposition: { min: 10, max: 400 },
  positioning: { max: 600 },
  audiences: { min: 1, max: 5, nameMax: 80, needs: 6, needMax: 200 },
  pillars: { min: 1, max: 6, nameMax: 80, descriptionMax: 400 },
  goals: { min: 1, max: 8, nameMax: 80, targetMax: 120 },
  keyMessages: { max: 6, itemMax: 300 },
  channelMix: { max: 12, rationaleMax: 300 },
  /** What the generation job takes. */
  jobGoals: { max: 10, itemMax: 200 },
  competitorNotes: { max: 2000 },
} as const;

/** A strategy job's input: goals (the current strategy's when omitted), competitor notes, platforms (the whole catalogue when omitted). */
export interface GenerateStrategyInput extends StrategyJobOptions {
  actor: Actor;
  brandId: string;
}
/** A user's strategy as checked by the gateway: optional fields left out keep their current value. */
export interface UpdateStrategyPayload extends GetVoicePayload {
  strategy: StrategyEdit;
}
export interface ListStrategyVersionsPayload extends GetVoicePayload {
  page: PageQuery;
}
export type BrandStrategyPage = Page<BrandStrategy>;
export interface BrandStrategyUpdatedEvent {
  brandId: string;
  strategy: BrandStrategy;
}

/** AI usage of a brand over [from, to): calls, tokens and cost by model, agent and UTC day. */
export interface AiUsagePayload {
  actor: Actor;
  brandId: string;
  /** ISO 8601 date or instant; the start of the current UTC month when omitted. */
  from?: string;
  /** Exclusive instant, or a date whose whole day is included; now when omitted. */
  to?: string;
}
export interface AiUsageLine {
  calls: number;
  cachedHits: number;
  refused: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}
export interface AiUsage {
  brandId: string;
  from: string;
  to: string;
  totals: AiUsageLine;
  byModel: (AiUsageLine & { provider: string; model: string })[];
  byAgent: (AiUsageLine & { agent: string })[];
  byDay: (AiUsageLine & { day: string })[];
}
export interface AiLogsPayload {
  actor: Actor;
  brandId: string;
  jobId?: string;
  page: PageQuery;
}
/** One attempt of an AI call, as the `ai` ledger logged it. */
export interface AiLogRow {
  id: string;
  agent: string;
  task: string;
  brandId: string;
  jobId: string | null;
  provider: string;
  model: string;
  attempt: number;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
  costUsd: number;
  outcome: string;
  errorCode: string | null;
  injectionFlag: boolean;
  /** The prompt sent (when AI_LOG_PROMPTS is on), for owners and editors only: always null for viewers. */
  prompt: string | null;
  createdAt: string;
}
export type AiLogPage = Page<AiLogRow>;
export interface AiBudgetPayload {
  actor: Actor;
  brandId: string;
}
export interface SetAiBudgetPayload extends AiBudgetPayload {
  /** null removes the limit. */
  monthlyLimitUsd: number | null;
}
export interface AiBudget {
  brandId: string;
  monthlyLimitUsd: number | null;
  /** Spent by every agent on this brand since the start of the current UTC month. */
  spentUsd: number;
  monthStart: string;
}

/** What the AI calls of some jobs cost since an instant (a token's jobs this month). */
export interface AiSpendOfJobsPayload {
  jobIds: string[];
  /** ISO 8601 instant. */
  since: string;
}
export interface AiSpendOfJobs {
  spentUsd: number;
}

/** brand-agent's tasks and events with their payloads and results (ADR 134). */
export interface BrandTaskMap {
  [BRAND_TASKS.aiUsage]: TaskSpec<AiUsagePayload, AiUsage>;
  [BRAND_TASKS.aiLogs]: TaskSpec<AiLogsPayload, AiLogPage>;
  [BRAND_TASKS.getAiBudget]: TaskSpec<AiBudgetPayload, AiBudget>;
  [BRAND_TASKS.setAiBudget]: TaskSpec<SetAiBudgetPayload, AiBudget>;
  [BRAND_TASKS.aiSpendOfJobs]: TaskSpec<AiSpendOfJobsPayload, AiSpendOfJobs>;
  [BRAND_TASKS.access]: TaskSpec<BrandAccessPayload, BrandAccess>;
  [BRAND_TASKS.requireRole]: TaskSpec<RequireBrandRolePayload, { brandId: string; role: BrandRole }>;
  [BRAND_TASKS.context]: TaskSpec<BrandContextPayload, BrandContextAnswer>;
  [BRAND_TASKS.create]: TaskSpec<CreateBrandPayload, Brand>;
  [BRAND_TASKS.list]: TaskSpec<ListBrandsPayload, BrandPage>;
  [BRAND_TASKS.get]: TaskSpec<GetBrandPayload, Brand>;
  [BRAND_TASKS.update]: TaskSpec<UpdateBrandPayload, Brand>;
  [BRAND_TASKS.delete]: TaskSpec<DeleteBrandPayload, { deleted: true }>;
  [BRAND_TASKS.invite]: TaskSpec<InviteMemberPayload, Invitation>;
  [BRAND_TASKS.listInvitations]: TaskSpec<ListInvitationsPayload, Page<Invitation>>;
  [BRAND_TASKS.listMyInvitations]: TaskSpec<ListMyInvitationsPayload, Page<Invitation>>;
  [BRAND_TASKS.acceptInvitation]: TaskSpec<AcceptInvitationPayload, AcceptInvitationResult>;
  [BRAND_TASKS.revokeInvitation]: TaskSpec<RevokeInvitationPayload, { revoked: true }>;
  [BRAND_TASKS.listMembers]: TaskSpec<ListMembersPayload, MemberPage>;
  [BRAND_TASKS.changeMemberRole]: TaskSpec<ChangeMemberRolePayload, Member>;
  [BRAND_TASKS.removeMember]: TaskSpec<RemoveMemberPayload, { removed: true }>;
  [BRAND_TASKS.generateStrategy]: TaskSpec<JobTask<GenerateStrategyInput>, BrandStrategy | undefined>;
  [BRAND_TASKS.getStrategy]: TaskSpec<GetVoicePayload, BrandStrategy>;
  [BRAND_TASKS.updateStrategy]: TaskSpec<UpdateStrategyPayload, BrandStrategy>;
  [BRAND_TASKS.listStrategyVersions]: TaskSpec<ListStrategyVersionsPayload, BrandStrategyPage>;
  [BRAND_TASKS.learnVoice]: TaskSpec<JobTask<LearnVoiceInput>, VoiceProfile | undefined>;
  [BRAND_TASKS.getVoice]: TaskSpec<GetVoicePayload, VoiceProfile>;
  [BRAND_TASKS.listVoiceVersions]: TaskSpec<ListVoiceVersionsPayload, VoiceProfileVersionPage>;
  [BRAND_TASKS.listVoiceFeedback]: TaskSpec<ListVoiceFeedbackPayload, VoiceFeedbackPage>;
}
export interface BrandEventMap {
  [BRAND_EVENTS.created]: BrandCreatedEvent;
  [BRAND_EVENTS.updated]: BrandUpdatedEvent;
  [BRAND_EVENTS.deleted]: BrandDeletedEvent;
  [BRAND_EVENTS.accessChanged]: BrandAccessChangedEvent;
  [BRAND_EVENTS.invitationCreated]: BrandInvitationCreatedEvent;
  [BRAND_EVENTS.voiceUpdated]: BrandVoiceUpdatedEvent;
  [BRAND_EVENTS.strategyUpdated]: BrandStrategyUpdatedEvent;
}
/** Fails to compile when a constant above has no entry in its map. */
export type BrandMapsComplete = Expect<Covers<BrandTaskMap, typeof BRAND_TASKS>> | Expect<Covers<BrandEventMap, typeof BRAND_EVENTS>>;
