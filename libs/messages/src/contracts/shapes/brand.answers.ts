import { z } from 'zod';
import { instant } from './fields';
import { BrandRoleShape } from './brand.shapes';

/**
 * The brand routes' answers: a brand, its members, an invitation.
 * Apart from the requests' module so that a client loading a request's shape (the web app's
 * forms, ADR 205) does not load these (ADR 210).
 */

/** A brand's own fields, as stored and announced (no caller-specific data). */
export const BrandDataShape = z.object({
  id: z.uuid(),
  name: z.string(),
  industry: z.string().nullable(),
  description: z.string().nullable(),
  website: z.string().nullable(),
  audience: z.string().nullable(),
  tone: z.string().nullable(),
  values: z.array(z.string()),
  bannedWords: z.array(z.string()),
  pillars: z.array(z.string()),
  competitors: z.array(z.string()),
  timezone: z.string().meta({ example: 'UTC', description: 'IANA time zone name (canonical): calendars and schedules are read in it' }),
  createdAt: instant(),
  updatedAt: instant(),
});

/** A brand as its member sees it. */
export const BrandShape = BrandDataShape.extend({
  role: BrandRoleShape.meta({ description: "the caller's role on the brand" }),
});

/** A brand's member. */
export const MemberShape = z.object({
  userId: z.uuid(),
  email: z.string().nullable().meta({ description: "from brand-agent's user directory; null until known" }),
  name: z.string().nullable(),
  role: BrandRoleShape,
  createdAt: instant().meta({ description: 'when the user joined the brand' }),
});

/** An invitation to join a brand (ADR 115): it never says whether its address belongs to an account. */
export const InvitationShape = z.object({
  id: z.uuid(),
  brandId: z.uuid(),
  brandName: z.string(),
  email: z.string().meta({ description: 'the invited address, lower-cased; says nothing of whether it has an account' }),
  role: BrandRoleShape,
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  invitedBy: z.string().nullable().meta({ description: 'the name (or email) of the owner who invited' }),
  createdAt: instant(),
  expiresAt: instant().meta({ description: 'the invitation cannot be accepted after this' }),
});

export const AcceptedInvitationShape = z.object({
  brandId: z.uuid(),
  brandName: z.string(),
  role: BrandRoleShape.meta({ description: "the caller's role on the brand now" }),
});
