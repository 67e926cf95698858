import type { AiTaskInput, AiTaskName, AiTaskOutput } from '../tasks/registry';
import { scrubDeep } from './text-tools';
import { draftAltText } from './alt-text.local';
import { draftStrategy } from './brand-strategy.local';
import { planCalendar } from './campaign-calendar.local';
import { draftReply } from './inbox-reply.local';
import { analysePerformance } from './insights.local';
import { generatePosts } from './post-generation.local';
import { adaptTargets } from './target-adaptation.local';
import { scoreVariants } from './variant-scoring.local';
import { profileVoice } from './voice-profile.local';

export const LOCAL_ENGINE_NOTICE =
  'Produced by the built-in local engine (marketing frameworks, templates and NLP over your brand data), not by a language model.';

type Generators = { [T in AiTaskName]: (input: AiTaskInput<T>, attempt: number) => AiTaskOutput<T> };

const GENERATORS: Generators = {
  'brand-strategy': draftStrategy,
  'voice-profile': profileVoice,
  'campaign-calendar': planCalendar,
  'post-generation': generatePosts,
  'variant-scoring': (input) => scoreVariants(input),
  insights: (input) => analysePerformance(input),
  'inbox-reply': draftReply,
  'target-adaptation': (input) => adaptTargets(input),
  'alt-text': (input) => draftAltText(input),
};

/**
 * The embedded engine: deterministic (seeded by the inputs and the attempt number), offline, no
 * model weights. Its answers still go through the same validator and cost tracker as a model's.
 */
export class LocalEngine {
  generate<T extends AiTaskName>(task: T, input: AiTaskInput<T>, attempt = 1): AiTaskOutput<T> {
    const generator = GENERATORS[task] as (input: AiTaskInput<T>, attempt: number) => AiTaskOutput<T>;
    const banned = input.brand.bannedWords.filter((w) => /\p{L}|\p{N}/u.test(w));
    return scrubDeep(generator(input, attempt), banned, ['vocabulary.avoid']);
  }
}
