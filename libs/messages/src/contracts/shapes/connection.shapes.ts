import { PLATFORM_IDS, type PlatformId } from '@mt/platforms';
import { z } from 'zod';
import { instant, uuidField } from './fields';

/**
 * The connection shapes (ADR 182, ADR 189): the gateway validates and documents its connection
 * routes with them, and the web app types its connections from them.
 */

export const CONNECTION_STATUSES = ['active', 'needs_reconnect', 'error', 'disconnected'] as const;

const platform = z.enum(PLATFORM_IDS as readonly PlatformId[] as [PlatformId, ...PlatformId[]], {
  error: `must be one of the following values: ${PLATFORM_IDS.join(', ')}`,
});

const RECORD_MESSAGE = 'must be an object of at most 20 string values';

/** A flat object of short strings (credentials, config): no nesting, bounded size. */
const stringRecord = z
  .custom<Record<string, string>>(
    (v) =>
      typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      Object.keys(v).length <= 20 &&
      Object.entries(v).every(([k, x]) => /^[A-Za-z][A-Za-z0-9_]{0,49}$/.test(k) && typeof x === 'string' && x.length <= 8192),
    { error: RECORD_MESSAGE },
  )
  .meta({ type: 'object', additionalProperties: { type: 'string' }, maxProperties: 20 });

/** POST /connections (the platforms that connect with a token or a URL). Unknown fields are refused. */
export const CreateConnectionShape = z.strictObject({
  brandId: uuidField(),
  platform: platform.meta({
    example: 'webhook',
    description: 'X, LinkedIn, Threads, Facebook and Instagram connect through /connections/{platform}/oauth/start',
  }),
  displayName: z
    .string({ error: 'must be a string' })
    .min(1, 'must be 1 to 200 characters')
    .max(200, 'must be 1 to 200 characters')
    .optional()
    .meta({ example: 'Shop announcements' }),
  credentials: stringRecord.optional().meta({
    description:
      'Secrets, encrypted at rest and never returned: mastodon {accessToken}, bluesky {appPassword}, wordpress {applicationPassword}, medium {integrationToken}',
    example: { accessToken: '…' },
  }),
  config: stringRecord.optional().meta({
    description: 'webhook {url, secret}; mastodon {instanceUrl}; bluesky {handle}; wordpress {siteUrl, username}',
    example: { url: 'https://example.com/hooks/posts', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
  }),
});

/** GET /connections/{platform}/oauth/start?brandId=. */
export const OAuthStartQueryShape = z.strictObject({ brandId: uuidField() });

/** A brand's account on a platform. Credentials are never part of it. */
export const ConnectionShape = z.object({
  id: z.uuid(),
  brandId: z.uuid(),
  // Typed as a plain string (a stored connection may name a platform the catalogue has since dropped); documented as the catalogue.
  platform: z.string().meta({ enum: [...PLATFORM_IDS] }),
  displayName: z.string(),
  status: z.enum(CONNECTION_STATUSES),
  statusReason: z.string().nullable().meta({ description: 'why the status is not active, in plain words' }),
  accountId: z.string().nullable(),
  expiresAt: instant().nullable().meta({ description: 'when the access token expires (refreshed before)' }),
  createdAt: instant(),
  updatedAt: instant(),
});

export const OAuthStartShape = z.object({
  authorizeUrl: z.string().meta({ description: "the platform's consent page: send the browser there" }),
});

export const BOARD_PRIVACIES = ['PUBLIC', 'PROTECTED', 'SECRET'] as const;

/**
 * PATCH /connections/{id} (ADR 207): the settings a connection lets its editors change after it is
 * made. Today one: the Pinterest board its Pins go to. Unknown fields are refused.
 */
export const UpdateConnectionShape = z.strictObject({
  config: z.strictObject({
    boardId: z
      .string({ error: 'must be a string' })
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a board id from GET /connections/{id}/boards')
      .meta({ example: '549755885002', description: 'one of GET /connections/{id}/boards whose `selectable` is true' }),
  }),
});

/** One board of a Pinterest account, as GET /connections/{id}/boards lists it (ADR 207). */
export const BoardShape = z.object({
  id: z.string(),
  name: z.string(),
  privacy: z.enum(BOARD_PRIVACIES).meta({ description: "Pinterest's privacy of the board" }),
  selectable: z.boolean().meta({ description: 'false for a secret board: a Pin there is seen by no one' }),
  selected: z.boolean().meta({ description: "the board this connection's Pins go to" }),
});

/** GET /connections/{id}/boards: the list convention; Pinterest's first 250 boards, so never a next page. */
export const BoardListShape = z.object({
  items: z.array(BoardShape),
  nextCursor: z.string().nullable().meta({ description: 'always null: the first 250 boards are listed' }),
});
