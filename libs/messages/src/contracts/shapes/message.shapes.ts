import { z } from 'zod';
import { instant, oneOf, uuidField } from './fields';
import { PageQueryShape } from './page.shapes';

/**
 * The inbox shapes (ADR 190): customer messages and the inbound webhooks that deliver them. The
 * gateway validates and documents its message routes with them, the contract's `InboxMessage` is
 * their output, and the web app types its inbox from them.
 */

export const INBOX_MESSAGE_STATUSES = ['new', 'drafted', 'replied', 'archived'] as const;
export const INBOX_INTENTS = ['question', 'complaint', 'praise', 'lead', 'spam', 'other'] as const;
export const INBOX_SENTIMENTS = ['positive', 'neutral', 'negative'] as const;

const text = (min: number, max: number) =>
  z.string({ error: 'must be a string' }).min(min, `must be ${min} to ${max} characters`).max(max, `must be ${min} to ${max} characters`);

/** GET /messages. */
export const ListMessagesQueryShape = PageQueryShape.extend({
  brandId: uuidField(),
  status: oneOf(INBOX_MESSAGE_STATUSES).optional(),
});

/** POST /messages: a customer message added by hand. Unknown fields are refused. */
export const CreateMessageShape = z.strictObject({
  brandId: uuidField(),
  channel: text(1, 40)
    .regex(/^[a-z0-9][a-z0-9_.-]*$/i, 'must be a short identifier (letters, digits, - _ .)')
    .meta({ example: 'email', description: 'where it came from (a platform id, email, chat…)' }),
  author: text(1, 200).meta({ example: 'ann@example.com' }),
  body: text(1, 10_000).meta({ example: 'Do you ship to Canada?' }),
});

/** POST /messages/{id}/reply. */
export const ReplyShape = z.strictObject({
  body: text(1, 10_000).meta({ example: 'Yes — we ship to Canada within 5 days.' }),
});

export const InboxReplyShape = z.object({
  body: z.string(),
  by: z.uuid(),
  at: instant(),
  sent: z.boolean().meta({
    description: 'whether a channel accepted it: replies are recorded and no channel delivers them yet, so false until one does',
  }),
});

/** A customer message in a brand's inbox. */
export const InboxMessageShape = z.object({
  id: z.uuid(),
  brandId: z.uuid(),
  channel: z.string(),
  author: z.string(),
  body: z.string(),
  status: z.enum(INBOX_MESSAGE_STATUSES),
  intent: z.enum(INBOX_INTENTS).nullable(),
  sentiment: z.enum(INBOX_SENTIMENTS).nullable(),
  draft: z.string().nullable().meta({ description: 'the AI draft, to edit and send' }),
  reply: InboxReplyShape.nullable(),
  receivedAt: instant(),
});

/** POST /inbound/{connectionId}/secret: where a channel posts its messages. */
export const InboundEndpointShape = z.object({
  connectionId: z.uuid(),
  brandId: z.uuid(),
  channel: z.string().meta({ description: "the connection's platform: the channel of its messages" }),
  url: z.string().meta({ example: '/api/v1/inbound/6f1c…', description: 'where the channel posts its messages' }),
  secret: z.string().meta({ example: 'whsec_…', description: 'shown once; minting again rotates it' }),
  createdAt: instant(),
});

/** The answer to an inbound webhook. */
export const InboundAcceptedShape = z.object({
  id: z.uuid().meta({ description: 'the stored message' }),
  duplicate: z.boolean().meta({ description: 'true when this webhook-id was delivered before (stored once)' }),
});
