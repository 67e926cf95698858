import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../publishing/scheduling.contract';
import { instant, uuidField } from './fields';

/**
 * The outbound webhook shapes (ADR 182, ADR 189): the gateway validates and documents its webhook
 * routes with them, publishing-agent checks a subscription's events with them, and the web app
 * types its webhooks from them.
 */

const EVENTS_MESSAGE = `must be among ${WEBHOOK_EVENT_TYPES.join(', ')}`;

/** An absolute http(s) URL; where it may point (no private address) is publishing-agent's check. */
export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0 && !/\s/.test(text);
  } catch {
    return false;
  }
}

/** The events a subscription listens to: one or more, each once, from the catalogue. */
export const WebhookEventsShape = z
  .array(z.enum(WEBHOOK_EVENT_TYPES as readonly WebhookEventType[] as [WebhookEventType, ...WebhookEventType[]], { error: EVENTS_MESSAGE }), {
    error: 'must be an array of event types',
  })
  .min(1, 'must not be empty')
  .max(WEBHOOK_EVENT_TYPES.length, `must have at most ${WEBHOOK_EVENT_TYPES.length} items`)
  .refine((list) => new Set(list).size === list.length, 'must not repeat an event')
  .meta({ uniqueItems: true, example: ['content.published', 'content.publish_failed'] });

/** The longest endpoint URL a subscription takes. */
export const WEBHOOK_URL_MAX = 2000;

/** POST /webhooks. Unknown fields are refused. */
export const CreateWebhookShape = z.strictObject({
  brandId: uuidField(),
  url: z
    .string({ error: 'must be a string' })
    .max(WEBHOOK_URL_MAX, `must be at most ${WEBHOOK_URL_MAX} characters`)
    .refine(isHttpUrl, 'must be an http(s) URL')
    .meta({ example: 'https://example.com/hooks/marketing' }),
  events: WebhookEventsShape,
});

/** GET /webhooks?brandId=. */
export const ListWebhooksQueryShape = z.strictObject({ brandId: uuidField() });

/** A webhook subscription as the API answers it (no secret but in the answer to its creation). */
export const WebhookShape = z.object({
  id: z.uuid(),
  brandId: z.uuid(),
  url: z.string(),
  events: z.array(z.string().meta({ enum: [...WEBHOOK_EVENT_TYPES] })),
  status: z.enum(['active', 'disabled']).meta({ description: 'disabled: turned off after its deliveries failed for too long, or on a 410 Gone' }),
  disabledReason: z.string().nullable(),
  disabledAt: instant().nullable(),
  createdAt: instant(),
  secret: z.string().optional().meta({ description: 'whsec_… signing secret: only in the answer to POST, shown once' }),
});

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivering', 'delivered', 'failed'] as const;

/** One event sent (or being sent) to one subscription; its `messageId` is the `webhook-id` header. */
export const WebhookDeliveryShape = z.object({
  id: z.uuid(),
  webhookId: z.uuid(),
  messageId: z.string().meta({ description: 'the webhook-id header' }),
  eventType: z.string(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: instant().nullable(),
  deliveredAt: instant().nullable(),
  replayOf: z.uuid().nullable().meta({ description: 'the delivery this one replays, if any' }),
  createdAt: instant(),
});
