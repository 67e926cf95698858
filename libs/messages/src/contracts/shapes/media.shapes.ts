import { PLATFORM_IDS, type PlatformId } from '@mt/platforms';
import { z } from 'zod';
import { uuidField } from './fields';
import { PageQueryShape } from './page.shapes';

/**
 * The media library's shapes (ADR 182, 195): the gateway's JSON media routes and the web app's
 * media types. An upload is multipart/form-data (or tus metadata): its text fields are
 * `UploadMediaFieldsShape` (ADR 210).
 */

export const MEDIA_KINDS = ['image', 'video'] as const;

const axis = (description: string) =>
  z.number({ error: 'must be a number from -1 to 1' }).min(-1, 'must be a number from -1 to 1').max(1, 'must be a number from -1 to 1').meta({ description });

/** Where the image's subject is, -1..1 on each axis (Mastodon's focal point). */
export const FocusShape = z.strictObject({
  x: axis('left (-1) to right (1)'),
  y: axis('bottom (-1) to top (1), as Mastodon counts'),
});

/** What the image shows, for people who cannot see it; publishing-agent stores it trimmed. */
export const ALT_TEXT_MAX = 5000;
const altText = (error: string) => z.string({ error }).max(ALT_TEXT_MAX, `must be at most ${ALT_TEXT_MAX} characters`);

/** PATCH /media/{id}. */
export const UpdateMediaShape = z
  .strictObject({
    altText: altText('must be a string or null').nullable().optional(),
    focus: FocusShape.nullable().optional(),
  })
  // No body at all changes nothing, as before.
  .optional()
  .transform((body) => body ?? {});

/** A focal point as a form field or tus metadata carries it: `"x,y"`. */
const FOCUS_TEXT = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/;
const FOCUS_TEXT_MESSAGE = 'must be "x,y", each from -1 to 1';

/**
 * An upload's text fields beside its file (multipart/form-data, or tus's Upload-Metadata), as a
 * form sends them: `altText` as typed, `focus` as `"x,y"` (blank: none), read into the
 * `UpdateMediaShape` fields publishing-agent checks, with its words (`focus.x: must be a number
 * from -1 to 1`). The keys are the fields an upload may carry.
 */
export const UploadMediaFieldsShape = z.strictObject({
  altText: altText('must be a string').optional(),
  focus: z
    .string({ error: FOCUS_TEXT_MESSAGE })
    .transform((text, ctx) => {
      if (text.trim() === '') return undefined;
      const m = FOCUS_TEXT.exec(text);
      if (!m) {
        ctx.addIssue({ code: 'custom', message: FOCUS_TEXT_MESSAGE });
        return z.NEVER;
      }
      return { x: Number(m[1]), y: Number(m[2]) };
    })
    .pipe(FocusShape.optional())
    .optional(),
});

/** GET /brands/{id}/media: the list convention plus the kind. */
export const ListMediaQueryShape = PageQueryShape.extend({
  type: z.enum(MEDIA_KINDS, { error: `must be one of ${MEDIA_KINDS.join(', ')}` }).optional(),
});

/** `GET /media?brandId=` (the HTTP contract's form): the same list as `GET /brands/{id}/media`. */
export const ListBrandMediaQueryShape = ListMediaQueryShape.extend({ brandId: uuidField() });

/** PUT /content/{id}/media. */
export const AttachMediaShape = z.strictObject({
  mediaIds: z
    .array(uuidField(), { error: 'must be an array of UUIDs' })
    .max(20, 'must have at most 20 items')
    .meta({ description: 'the media the post carries, in order; [] takes them off' }),
});

export const MediaShape = z.object({
  id: z.uuid(),
  brandId: z.uuid(),
  type: z.enum(MEDIA_KINDS),
  mimeType: z.string().meta({ example: 'image/png', description: 'detected from the bytes' }),
  fileName: z.string(),
  bytes: z.number(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  durationS: z.number().nullable(),
  frameRate: z.number().nullable().meta({ example: 29.97, description: 'videos: frames a second; null for images and when not known' }),
  codec: z.string().nullable(),
  altText: z.string().nullable(),
  focus: z.object({ x: z.number().min(-1).max(1), y: z.number().min(-1).max(1) }).nullable(),
  url: z.string().meta({ example: '/api/v1/media/{id}/file' }),
  createdAt: z.iso.datetime({ offset: true }),
});

/** `POST /media/{id}/alt-text-suggestion` (ADR 209): what the draft is for; no body, the strictest platform's limit. */
export const SuggestAltTextShape = z
  .strictObject({
    platform: z
      .enum(PLATFORM_IDS as readonly PlatformId[] as [PlatformId, ...PlatformId[]], { error: `must be one of ${PLATFORM_IDS.join(', ')}` })
      .optional()
      .meta({ description: "the platform the image goes to: the draft keeps within its alt-text limit; left out, the strictest platform's" }),
    text: z
      .string({ error: 'must be a string' })
      .max(5000, 'must be at most 5000 characters')
      .optional()
      .meta({ description: 'the post text or brief the image goes with, as context for the description' }),
  })
  .optional()
  .transform((body) => body ?? {});

/** The draft, not saved: the user edits it and saves it with `PATCH /media/{id}`. */
export const AltTextSuggestionShape = z.object({
  altText: z.string().meta({ description: "a draft description within the platform's alt-text limit" }),
  model: z.string().meta({ example: 'local-engine' }),
  source: z.enum(['llm', 'local-engine']).meta({ description: "'local-engine' drafts from the file's facts only: it cannot see the image" }),
});
