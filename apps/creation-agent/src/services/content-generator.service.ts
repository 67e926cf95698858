import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type AiCallContext, AiService, isPlatformId, type PlatformId } from '@mt/ai';
import { type AiMeta, type ContentVariant, MeshError } from '@mt/messages';
import { aiBrandContext, type BrandProfile, BrandProfileService } from '@mt/replicas';
import { aiMetaOf } from './ai-meta';
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
/** How long a brand's profile is reused across the posts of a burst (a plan of many entries). */
export const PROFILE_REUSE_MS = 2_000;

@Injectable()
export class ContentGenerator {
  private readonly recent = new Map<string, { at: number; profile: BrandProfile }>();

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
    const profile = await this.profile(req.brandId);
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
      aiMeta: aiMetaOf(meta, ctx.jobId),
    };
  }

  /**
   * The brand as the replica knows it, read once per brand every PROFILE_REUSE_MS: a plan's posts
   * arrive together and would each read the same row. A banned word added within that window is
   * no different from one added while a post is being written; user edits always read afresh.
   */
  private async profile(brandId: string): Promise<BrandProfile> {
    const now = Date.now();
    const hit = this.recent.get(brandId);
    if (hit && now - hit.at < PROFILE_REUSE_MS) return hit.profile;
    const profile = await this.profiles.get(brandId);
    if (this.recent.size > 1_000) this.recent.clear();
    this.recent.set(brandId, { at: now, profile });
    return profile;
  }
}
