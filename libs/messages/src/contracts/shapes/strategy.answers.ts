import { PLATFORM_IDS } from '@mt/platforms';
import { z } from 'zod';
import { instant } from './fields';

/**
 * The strategy routes' answers: a stored strategy and its versions.
 * Apart from the requests' module so that a client loading a request's shape (the web app's
 * forms, ADR 205) does not load these (ADR 210).
 */

// Typed as plain strings (a stored strategy may name a platform the catalogue has since dropped); documented as the catalogue.
const storedPlatform = z.string().meta({ enum: [...PLATFORM_IDS] });

/** A strategy's fields as stored: every optional field of an edit has its value here. */
export const BrandStrategyFieldsShape = z.object({
  valueProposition: z.string().meta({ example: 'Fresh single-origin coffee, roasted to order and at your door in four days.' }),
  positioning: z.string().nullable(),
  audiences: z.array(
    z.object({
      name: z.string().meta({ example: 'Home baristas' }),
      needs: z.array(z.string()).meta({ example: ['brew guides'] }),
      platforms: z.array(storedPlatform).meta({ example: ['mastodon'] }),
    }),
  ),
  pillars: z.array(
    z.object({
      name: z.string().meta({ example: 'Brewing guides' }),
      description: z.string().meta({ example: 'How to get the best from our beans at home' }),
      sharePercent: z.number().int().min(0).max(100).meta({ example: 50, description: 'the pillars add up to 100' }),
    }),
  ),
  goals: z.array(z.object({ name: z.string().meta({ example: 'Newsletter sign-ups' }), target: z.string().meta({ example: '500 by the end of Q2' }) })),
  keyMessages: z.array(z.string()),
  channelMix: z.array(z.object({ platform: storedPlatform, postsPerWeek: z.number().int().min(0).max(21), rationale: z.string() })),
});

/** One stored version of a brand's strategy. */
export const BrandStrategyShape = BrandStrategyFieldsShape.extend({
  brandId: z.uuid(),
  version: z.number().int(),
  source: z.enum(['ai', 'user']),
  createdBy: z.uuid().nullable(),
  jobId: z.uuid().nullable().meta({ description: "the job that generated it (source 'ai')" }),
  createdAt: instant(),
});
