import { FRAMEWORKS, type PostGenerationInput, type PostGenerationOutput } from '../tasks/post-generation.task';
import { analyseBrand } from './brand-analysis';
import { extractKeywords } from './keywords';
import { suggestSlot } from './posting-times';
import { writeVariant, type PostTopic } from './post-writer';
import { SeededRandom } from './seeded-random';
import { clip, scrub } from './text-tools';

/** Topic of a post from the brief's own keywords, falling back to the pillar and the brand's keywords. */
export function topicOf(brief: string, pillar: string | undefined, brandKeywords: string[], banned: readonly string[]): { topic: string; second: string } {
  const candidates = [...extractKeywords(brief, 4), ...(pillar ? [pillar] : []), ...brandKeywords]
    .map((k) => scrub(clip(k, 40), banned))
    .filter((k, i, all) => k.length >= 2 && all.indexOf(k) === i);
  const topic = candidates[0] ?? 'what we do';
  const second = candidates[1] ?? (topic === 'the details' ? 'the basics' : 'the details');
  return { topic, second };
}

export function generatePosts(input: PostGenerationInput, attempt: number): PostGenerationOutput {
  const b = analyseBrand(input.brand);
  const rng = SeededRandom.from('post-generation', input, attempt);
  const pillar = (input.pillar && scrub(clip(input.pillar, 50), b.banned)) || rng.pick(b.pillars);
  const { topic, second } = topicOf(input.brief, input.pillar, b.keywords, b.banned);
  const t: PostTopic = { topic, second, pillar, link: input.link };
  const frameworks = rng.shuffle(FRAMEWORKS);
  const variants = Array.from({ length: input.variants }, (_, i) =>
    writeVariant(input.platform, frameworks[i % frameworks.length], `v${i + 1}`, b, t, rng),
  );
  return { variants, suggestedTime: suggestSlot(input.platform, rng) };
}
