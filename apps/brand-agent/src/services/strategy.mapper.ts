import type { BrandStrategyOutput } from '@mt/ai';
import type { BrandStrategyFields } from '@mt/messages';

/** The 'brand-strategy' task's answer as a stored strategy: segments become audiences, KPIs goals. */
export function strategyFromOutput(out: BrandStrategyOutput): BrandStrategyFields {
  return {
    valueProposition: out.valueProposition,
    positioning: out.positioning,
    audiences: out.audienceSegments.map((a) => ({ name: a.name, needs: [...a.needs], platforms: [...a.platforms] })),
    pillars: out.pillars.map((p) => ({ name: p.name, description: p.description, sharePercent: p.sharePercent })),
    goals: out.kpis.map((k) => ({ name: k.name, target: k.target })),
    keyMessages: [...out.keyMessages],
    channelMix: out.channelMix.map((c) => ({ platform: c.platform, postsPerWeek: c.postsPerWeek, rationale: c.rationale })),
  };
}
