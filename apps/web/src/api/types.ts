import type { z } from 'zod';
import type { AuthSessionShape, TokenPairShape, UserShape } from '@mt/contracts/shapes/auth.answers';
import type { AcceptedInvitationShape, BrandShape, InvitationShape, MemberShape } from '@mt/contracts/shapes/brand.answers';
import type { BoardListShape, BoardShape, ConnectionShape } from '@mt/contracts/shapes/connection.shapes';
import type { BulkContentResultShape, ContentCommentShape } from '@mt/contracts/shapes/review.shapes';
import type { WebhookDeliveryShape, WebhookShape } from '@mt/contracts/shapes/webhook.shapes';
import type { JobAcceptedShape, JobViewShape } from '@mt/contracts/shapes/job.shapes';
import type { NotificationShape } from '@mt/contracts/shapes/notification.shapes';
import type { TokenShape } from '@mt/contracts/shapes/token.shapes';
import type { VoiceFeedbackShape, VoiceProfileShape } from '@mt/contracts/shapes/voice.answers';

/** The shapes of the HTTP contract the UI uses (the gateway's OpenAPI document, served at /api/docs). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The account shapes the gateway validates and documents with (ADR 200). */
export type User = z.infer<typeof UserShape>;

/** What the client keeps of a session: the expiry is the access token's own. */
export type TokenPair = Pick<z.infer<typeof TokenPairShape>, 'accessToken' | 'refreshToken'> & { expiresIn?: number };

export type AuthSession = z.infer<typeof AuthSessionShape>;

export type { BrandRole } from '@mt/contracts/actor';
/** Weakest first, as libs/messages orders them. */
export { BRAND_ROLES } from '@mt/contracts/actor';

/** The brand shapes the gateway validates and documents with (ADR 182). */
export type Brand = z.infer<typeof BrandShape>;
export type Member = z.infer<typeof MemberShape>;
/** An invitation to a brand: it never says whether the address has an account. */
export type Invitation = z.infer<typeof InvitationShape>;
export type AcceptedInvitation = z.infer<typeof AcceptedInvitationShape>;

/** A mail the embedded default wrote to its folder instead of sending it (the dev inbox). */
export interface DevMail {
  id: string;
  from: string | null;
  to: string[];
  subject: string;
  text: string;
  sentAt: string | null;
}

export type { TokenScope } from '@mt/contracts/shapes/token.shapes';

/** A personal access token as listed: never the token itself (ADR 190). */
export type ApiToken = z.infer<typeof TokenShape>;

/** The job shapes the gateway answers with (ADR 182, 195). */
type JobView = z.infer<typeof JobViewShape>;
type JobError = NonNullable<JobView['error']>;
/** GET /jobs/{id} as the UI reads it: what it does not need is optional (a job seen through an event carries less). */
export type Job = Omit<JobView, 'brandId' | 'attempts' | 'links' | 'error'> &
  Partial<Pick<JobView, 'brandId' | 'attempts' | 'links'>> & { error?: Pick<JobError, 'code' | 'title'> & Partial<JobError> };
export type JobStatus = JobView['status'];
export const FINAL_JOB_STATUSES: JobStatus[] = ['succeeded', 'failed', 'cancelled'];
export type JobAccepted = z.infer<typeof JobAcceptedShape>;

/*
 * The marketing work's shapes come straight from the message contracts (type-only imports: no
 * code from libs/ reaches the bundle), so a change there shows here at compile time.
 */
export type { CalendarEntry, CalendarEntryStatus, Campaign, CampaignStatus, Insight, PlanResult, Recommendation } from '@mt/contracts/campaign.contract';
export type {
  AiMeta,
  Content,
  ContentStatus,
  ContentVariant,
  ContentVersion,
  InboxIntent,
  InboxSentiment,
  ReviewRequest,
  VariantScores,
} from '@mt/contracts/content.contract';
export type {
  AdSet,
  AdSetInput,
  AdSetStatus,
  AnalyticsSnapshot,
  InboxMessage,
  InboxMessageStatus,
  PacingFlag,
  PacingFlagKind,
  ScheduleItem,
  ScheduleStatus,
  WebhookEventType,
} from '@mt/contracts/publishing.contract';
/** The voice shapes the gateway answers with (ADR 199). */
export type VoiceProfile = z.infer<typeof VoiceProfileShape>;
export type VoiceFeedback = z.infer<typeof VoiceFeedbackShape>;

/** The webhook shapes the gateway validates and documents with (ADR 189). */
export type WebhookSubscription = z.infer<typeof WebhookShape>;
export type WebhookDelivery = z.infer<typeof WebhookDeliveryShape>;
export type WebhookDeliveryStatus = WebhookDelivery['status'];

/** The review shapes the gateway answers with (ADR 189). */
export type ContentComment = z.infer<typeof ContentCommentShape>;
export type BulkContentResult = z.infer<typeof BulkContentResultShape>;

/** The connection shape the gateway answers with (ADR 189). */
export type Connection = z.infer<typeof ConnectionShape>;
export type ConnectionStatus = Connection['status'];
/** A board of a Pinterest connection's account (GET /connections/{id}/boards, ADR 207). */
export type Board = z.infer<typeof BoardShape>;
export type BoardList = z.infer<typeof BoardListShape>;

/** A user's notification (GET /notifications; ADR 190). */
export type Notification = z.infer<typeof NotificationShape>;
