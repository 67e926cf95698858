import type { VariantScoringInput, VariantScoringOutput } from '../tasks/variant-scoring.task';
import { analyseBrand } from './brand-analysis';
import { scoreEngagement } from './engagement-model';
import { scrub } from './text-tools';

export function scoreVariants(input: VariantScoringInput): VariantScoringOutput {
  const b = analyseBrand(input.brand);
  const clean = (s: string) => scrub(s, b.banned) || 'see score';
  const scores = input.variants.map((v) => {
    const s = scoreEngagement(input.platform, v.text, v.hashtags ?? [], b);
    return { id: v.id, score: s.score, strengths: s.strengths.map(clean), weaknesses: s.weaknesses.map(clean) };
  });
  const best = scores.reduce((a, s) => (s.score > a.score ? s : a), scores[0]);
  const reason = best.strengths[0] ? `its main strength: ${best.strengths[0]}` : 'it has the fewest weaknesses';
  return {
    scores,
    bestId: best.id,
    rationale: clean(
      `Scored by the local engagement model (hook, length, hashtags, call to action, brand topics, readability). ${best.id} scores ${best.score}/100; ${reason}.`,
    ),
  };
}
