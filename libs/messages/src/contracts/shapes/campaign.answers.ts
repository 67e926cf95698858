import { PLATFORM_IDS } from '@mt/platforms';
import { z } from 'zod';
import { CAMPAIGN_STATUSES } from './campaign.shapes';
import { instant, MAX_MONEY_COLUMN } from './fields';

/**
 * The campaign routes' answer: a campaign.
 * Apart from the requests' module so that a client loading a request's shape (the web app's
 * forms, ADR 205) does not load these (ADR 210).
 */

export const CampaignShape = z.object({
  id: z.uuid(),
  brandId: z.uuid(),
  name: z.string().meta({ example: 'Spring launch' }),
  goal: z.string().meta({ example: 'Get 200 sign-ups for the beta' }),
  startDate: z.string().meta({ example: '2026-03-02', description: "first day, in the brand's timezone" }),
  endDate: z.string().meta({ example: '2026-03-15', description: 'last day, inclusive' }),
  // Typed as plain strings (a stored campaign may name a platform the catalogue has since dropped); documented as the catalogue.
  platforms: z.array(z.string().meta({ enum: [...PLATFORM_IDS] })).meta({ example: ['linkedin', 'x'] }),
  postsPerWeek: z.number().int().min(1).max(21).meta({ example: 3 }),
  budget: z.number().min(0).max(MAX_MONEY_COLUMN).nullable().meta({ example: 500 }),
  status: z.enum(CAMPAIGN_STATUSES),
  createdAt: instant(),
  updatedAt: instant(),
});
