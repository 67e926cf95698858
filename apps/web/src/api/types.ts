/** The shapes of the HTTP contract the UI uses (/work/shared/API.md). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn?: number;
}

export interface AuthSession extends TokenPair {
  user: User;
}

export type BrandRole = 'viewer' | 'editor' | 'owner';
/** Weakest first, as libs/messages orders them. */
export const BRAND_ROLES: BrandRole[] = ['viewer', 'editor', 'owner'];

export interface Brand {
  id: string;
  name: string;
  industry: string | null;
  description: string | null;
  website: string | null;
  audience: string | null;
  tone: string | null;
  values: string[];
  bannedWords: string[];
  pillars: string[];
  competitors: string[];
  timezone: string;
  createdAt: string;
  updatedAt?: string;
  role?: BrandRole;
}

export interface Member {
  userId: string;
  email: string | null;
  name: string | null;
  role: BrandRole;
  createdAt: string;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export const FINAL_JOB_STATUSES: JobStatus[] = ['succeeded', 'failed', 'cancelled'];

export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  progress: { done: number; total: number };
  result?: unknown;
  error?: { code: string; title: string; detail?: string; status?: number };
  brandId?: string | null;
  attempts?: number;
  createdAt: string;
  updatedAt: string;
}

export interface JobAccepted {
  jobId: string;
  status: JobStatus;
  kind: string;
  links: { self: string };
}

/*
 * The marketing work's shapes come straight from the message contracts (type-only imports: no
 * code from libs/ reaches the bundle), so a change there shows here at compile time.
 */
export type {
  CalendarEntry,
  CalendarEntryStatus,
  Campaign,
  CampaignStatus,
  Insight,
  PlanResult,
  Recommendation,
} from '../../../../libs/messages/src/contracts/campaign.contract';
export type {
  AiMeta,
  Content,
  ContentStatus,
  ContentVariant,
  ContentVersion,
  InboxIntent,
  InboxSentiment,
  VariantScores,
} from '../../../../libs/messages/src/contracts/content.contract';
export type {
  AnalyticsSnapshot,
  Connection,
  ConnectionStatus,
  InboxMessage,
  InboxMessageStatus,
  ScheduleItem,
  ScheduleStatus,
} from '../../../../libs/messages/src/contracts/publishing.contract';
export type { VoiceProfile } from '../../../../libs/messages/src/contracts/brand.contract';

/** A user's notification (GET /notifications). */
export interface Notification {
  id: string;
  type: string;
  title: string;
  body?: string | null;
  message?: string | null;
  /** Where the notification points in the UI or API (e.g. a content id). */
  link?: string | null;
  data?: Record<string, unknown> | null;
  brandId?: string | null;
  readAt: string | null;
  createdAt: string;
}
