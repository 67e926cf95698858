import type { BrandContext } from '../tasks/common';
import type { AiTaskInput, AiTaskName } from '../tasks/registry';

/** A realistic brand for tests and benchmarks; override what a test is about. */
export function sampleBrand(overrides: Partial<BrandContext> = {}): BrandContext {
  return {
    name: 'Northbeam Coffee',
    description:
      'We roast small-batch specialty coffee in Leeds and deliver fresh beans to remote workers and small offices. Ethical sourcing, direct trade with farmers, and brewing guides that make great coffee at home simple.',
    audience: 'Remote workers, small design studios and home baristas in the UK',
    tone: ['warm', 'expert'],
    pillars: ['Brewing guides', 'Direct trade', 'Remote work rituals'],
    keywords: ['specialty coffee'],
    bannedWords: ['cheap', 'guarantee'],
    samples: [
      'Your 3pm slump has met its match: our Ethiopian Guji, brewed as a pour-over in four minutes.',
      'We visited the Huila cooperative in March. Here is what direct trade looks like up close.',
    ],
    industry: 'Coffee',
    ...overrides,
  };
}

/** One valid input per task, for a brand. */
export function sampleInputs(brand: BrandContext = sampleBrand()): { [T in AiTaskName]: AiTaskInput<T> } {
  return {
    'brand-strategy': { brand, goals: ['Grow awareness among remote workers', 'More subscription sign-ups'], competitorNotes: 'Big chains compete on price.' },
    'voice-profile': { brand, samples: brand.samples ?? [] },
    'campaign-calendar': {
      brand,
      campaign: {
        name: 'Autumn subscription push',
        goal: 'More subscriptions',
        brief: 'Launch the autumn single-origin subscription with brewing tips.',
        startDate: '2025-10-01',
        endDate: '2025-10-28',
        platforms: ['x', 'linkedin', 'wordpress'],
      },
    },
    'post-generation': {
      brand,
      platform: 'x',
      brief: 'Announce our new Ethiopian single-origin subscription for home offices.',
      pillar: 'Brewing guides',
      variants: 3,
    },
    'variant-scoring': {
      brand,
      platform: 'x',
      variants: [
        { id: 'a', text: 'New: Ethiopian Guji on subscription. What will you brew first? Try it this week.', hashtags: ['#SpecialtyCoffee'] },
        { id: 'b', text: 'Coffee.', hashtags: [] },
      ],
    },
    insights: {
      brand,
      period: { from: '2025-09-01', to: '2025-09-30' },
      posts: [
        { id: 'p1', platform: 'x', pillar: 'Brewing guides', publishedAt: '2025-09-02T09:00:00Z', impressions: 1200, engagements: 60 },
        { id: 'p2', platform: 'linkedin', pillar: 'Direct trade', publishedAt: '2025-09-03T08:00:00Z', impressions: 800, engagements: 56 },
        { id: 'p3', platform: 'x', pillar: 'Remote work rituals', publishedAt: '2025-09-05T17:00:00Z', impressions: 900, engagements: 18 },
      ],
    },
    'inbox-reply': { brand, platform: 'x', message: { author: 'Sam Lee', text: 'Do you deliver to Manchester on Saturdays?' } },
    'target-adaptation': {
      brand,
      master: {
        platform: 'linkedin',
        body: 'Our Ethiopian Guji is back on subscription. Floral, bright and roasted every Monday in small batches. Subscribers get first pick of every new lot. Start yours at https://roastery.example/subscribe',
        hashtags: ['#SpecialtyCoffee', '#Roastery', '#Coffee'],
      },
      targets: [
        { id: 'c-x', platform: 'x' },
        { id: 'c-bluesky', platform: 'bluesky' },
        { id: 'c-instagram', platform: 'instagram' },
      ],
    },
    'alt-text': {
      brand,
      image: { fileName: 'guji-pour-over.jpg', mimeType: 'image/jpeg', width: 1600, height: 1200 },
      context: 'Our Ethiopian Guji is back on subscription. Floral, bright and roasted every Monday.',
      maxLength: 500,
    },
  };
}
