import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type AiCallContext, AiService, isPlatformId, type PlatformId } from '@mt/ai';
import { type AiMeta, type ContentVariant, MeshError } from '@mt/messages';
import { aiBrandContext, BrandProfileService } from '@mt/runtime';
import { repairPost, tagsFrom } from './content-rules';
import { scoreVariant } from './content-scoring';

export interface GenerationRequest {
  brandId: string;
  platform: string;
  brief: string;
  pillar?: string;
  campaignName?: string;
  variants: number;
}

export interface GeneratedContent {
  variants: ContentVariant[];
  /** The best variant by `overall`: selected by default. */
  selected: ContentVariant;
  aiMeta: AiMeta;
}

/**
 * Writes scored variants: ONE post-generation call, then every variant is repaired to the rules
 * (or dropped) and scored locally — no second AI call, so a post costs one model answer.
 * Runs outside any transaction (it may ask brand-agent for the brand, and it calls AI).
 */
@Injectable()
export class ContentGenerator {
  constructor(
    private readonly ai: AiService,
    private readonly profiles: BrandProfileService,
  ) {}

  async generate(req: GenerationRequest, ctx: Omit<AiCallContext, 'agent' | 'brandId'>): Promise<GeneratedContent> {
    if (!isPlatformId(req.platform)) {
      throw new MeshError('VALIDATION_FAILED', `platform: unknown platform "${req.platform}"`, {
        status: 400,
        details: { errors: [{ field: 'platform', message: 'is not in the platform catalogue' }] },
      });
    }
    const platform: PlatformId = req.platform;
    const profile = await this.profiles.get(req.brandId);
    const brand = aiBrandContext(profile);
    const { output, meta } = await this.ai.run(
      'post-generation',
      {
        brand,
        platform,
        brief: req.brief,
        variants: req.variants,
        ...(req.pillar ? { pillar: req.pillar } : {}),
        ...(req.campaignName ? { campaignName: req.campaignName } : {}),
      },
      { agent: 'creation-agent', brandId: req.brandId, ...ctx },
    );
    const spare = tagsFrom([...(req.pillar ? [req.pillar] : []), ...brand.pillars, brand.name]);
    const ref = { voice: profile.voice, tone: brand.tone, pillars: brand.pillars, keywords: brand.keywords ?? [] };
    const variants: ContentVariant[] = [];
    for (const v of output.variants) {
      // Never store what breaks a rule: repair it, or drop it.
      const fixed = repairPost(platform, v.text, v.hashtags, brand.bannedWords, spare);
      if (!fixed) continue;
      const { scores, overall } = scoreVariant(platform, fixed.body, fixed.hashtags, ref);
      variants.push({ id: randomUUID(), body: fixed.body, hashtags: fixed.hashtags, framework: v.framework, scores, overall });
    }
    if (variants.length === 0) {
      throw new MeshError('AI_INVALID_OUTPUT', 'no generated variant could be brought within the brand and platform rules', { status: 502 });
    }
    variants.sort((a, b) => b.overall - a.overall);
    return {
      variants,
      selected: variants[0],
      aiMeta: { provider: meta.provider, model: meta.model, engine: meta.engine, jobId: ctx.jobId ?? null, ...(meta.notice ? { notice: meta.notice } : {}) },
    };
  }
}
