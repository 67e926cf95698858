import { z } from 'zod';
import { BRAND_ROLES } from '../actor';
import { BRAND_LIMITS as L } from '../brand.contract';
import { clearableText, isWebUrl, oneOf, timeZone, uniqueTextList } from './fields';

/**
 * The brand shapes (ADR 182): the gateway validates and documents its brand routes with them,
 * brand-agent checks its task input with them, and the web app types its brands from them.
 */

const brandName = z
  .string({ error: 'must be a string' })
  .trim()
  .regex(/\S/, { message: 'must not be blank', abort: true })
  .min(L.name.min, `must be ${L.name.min} to ${L.name.max} characters`)
  .max(L.name.max, `must be ${L.name.min} to ${L.name.max} characters`);

const website = z
  .string({ error: 'must be a string or null' })
  .trim()
  .max(L.website.max, `must be at most ${L.website.max} characters`)
  .refine((text) => !text || isWebUrl(text), 'must be an http(s) URL')
  .transform((text) => text || null)
  .nullable();

/** The fields of a brand other than its name, shared by create and update; every one may be left out. */
const brandFields = {
  industry: clearableText(L.industry.max).optional().meta({ example: 'Specialty coffee' }),
  description: clearableText(L.description.max).optional().meta({ example: 'A neighbourhood roastery selling single-origin beans online.' }),
  website: website.optional().meta({ example: 'https://example.com' }),
  audience: clearableText(L.audience.max).optional().meta({ example: 'Home baristas, 25–45, who care where their coffee comes from' }),
  tone: clearableText(L.tone.max).optional().meta({ example: 'Warm, knowledgeable, never snobbish' }),
  values: uniqueTextList(L.values)
    .optional()
    .meta({ example: ['traceability', 'craft'] }),
  bannedWords: uniqueTextList(L.bannedWords)
    .optional()
    .meta({ example: ['cheap'] }),
  pillars: uniqueTextList(L.pillars)
    .optional()
    .meta({ example: ['brewing guides', 'origin stories'] }),
  competitors: uniqueTextList(L.competitors)
    .optional()
    .meta({ example: ['Blue Bottle'] }),
  timezone: timeZone(L.timezone.max).optional().meta({ example: 'Europe/Paris', description: 'IANA time zone name' }),
};

/** POST /brands: a new brand; only the name is required. Unknown fields are refused. */
export const CreateBrandShape = z.strictObject({
  name: brandName.meta({ example: 'Northside Coffee' }),
  ...brandFields,
  timezone: timeZone(L.timezone.max, { default: 'UTC' }).optional().meta({ example: 'Europe/Paris', description: 'IANA time zone name' }),
});

/** PATCH /brands/{id}: the fields to change; null clears an optional text field. */
export const UpdateBrandShape = z.strictObject({
  name: brandName.optional(),
  ...brandFields,
});

/** What a brand's input becomes once checked: trimmed, blank text as null, the time zone canonical. */
export type BrandInputShape = z.output<typeof UpdateBrandShape>;

export const BrandRoleShape = oneOf(BRAND_ROLES);

/** POST /brands/{id}/invitations. */
export const InviteMemberShape = z.strictObject({
  email: z
    .email({ error: 'must be an email address' })
    .max(254, 'must be at most 254 characters')
    .meta({ example: 'sam@example.com', description: 'the address to invite; it need not have an account' }),
  role: BrandRoleShape.meta({ description: 'the role the invitee gets on accepting' }),
});

/** PATCH /brands/{id}/members/{userId}. */
export const ChangeMemberRoleShape = z.strictObject({ role: BrandRoleShape });
