import { z } from 'zod';
import { instant } from './fields';
import { PageQueryShape } from './page.shapes';

/**
 * The notification shapes (ADR 190): the gateway validates and documents its notification routes
 * with them, and the web app types its notifications from them.
 */

/** GET /notifications. */
export const ListNotificationsQueryShape = PageQueryShape.extend({
  unread: z
    .stringbool({ truthy: ['true'], falsy: ['false'], error: 'must be a boolean value' })
    .optional()
    // Sent as the text `true` or `false` in the query string: a boolean to a reader.
    .meta({ type: 'boolean', description: 'true: only those the caller has not read' }),
});

/** A user's notification. */
export const NotificationShape = z.object({
  id: z.uuid(),
  kind: z.string().meta({
    example: 'publish_failed',
    description:
      'content_published | publish_failed | campaign_planned | connection_needs_reconnect | adset_pacing | webhook_disabled | invitation | review_requested | comment | inbox_message | job_succeeded | job_failed',
  }),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable().meta({ description: 'where it points: a page of the web app (`/content/…`) or an API resource (`/api/v1/jobs/…`)' }),
  brandId: z.uuid().nullable(),
  brandWide: z.boolean().meta({ description: 'every member of the brand sees it' }),
  data: z.record(z.string(), z.unknown()),
  read: z.boolean(),
  readAt: instant().nullable(),
  createdAt: instant(),
});

/** The answer of the routes that mark notifications read. */
export const MarkedShape = z.object({ marked: z.number().int().min(0).meta({ description: 'how many notifications were marked' }) });
