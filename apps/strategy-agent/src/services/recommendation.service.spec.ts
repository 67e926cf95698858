import type { Actor, BrandData, VoiceProfile } from '@mt/messages';
import type { BrandAccessService, BrandProfileService } from '@mt/replicas';
import type { AnalyticsReplicaEntity } from '../replicas/analytics-replica.entity';
import type { CalendarEntryEntity } from '../entities/calendar-entry.entity';
import type { AnalyticsReplicaRepository } from '../replicas/analytics-replica.repository';
import type { CalendarEntryRepository } from '../repositories/calendar-entry.repository';
import { RecommendationService } from './recommendation.service';

/** A brand whose learned voice prefers words from its samples: recommendations come from its pillars and values only. */
const BRAND_ID = '00000000-0000-4000-8000-0000000000b1';
const now = new Date('2026-06-30T12:00:00Z');
const brand: BrandData = {
  id: BRAND_ID,
  name: 'Kiln Coffee',
  industry: 'Coffee',
  description: 'A specialty coffee roastery on Gloucester Road, Bristol.',
  website: null,
  audience: 'home-brewing coffee enthusiasts',
  tone: 'warm',
  values: ['Direct trade', 'Freshness'],
  bannedWords: [],
  pillars: ['Brewing guides', 'Origins', 'Roastery life'],
  competitors: [],
  timezone: 'Europe/London',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const VOICE_WORDS = ['water', 'bag ships', 'peach tea', 'grinder'];
const voice: VoiceProfile = {
  brandId: BRAND_ID,
  tone: 'Warm.',
  traits: [],
  sentenceStyle: { averageSentenceWords: 12, readingLevel: 'standard', emojiPolicy: 'none' },
  vocabulary: { preferred: VOICE_WORDS, avoid: [] },
  dos: [],
  donts: [],
  examples: ['Your grinder matters more than your machine.', 'Every bag ships within 24 hours.', 'Notes of peach tea.', 'Soft water, sweeter cup.'],
  sampleCount: 4,
  version: 3,
  updatedAt: '2026-06-01T00:00:00.000Z',
};
const day = (n: number) => new Date(now.getTime() - n * 86_400_000);
const snapshot = (n: number, pillar: string, topic: string, engagements: number) =>
  ({ contentId: `c${n}`, publishedAt: day(n), pillar, topic, impressions: '1000', engagements: String(engagements) }) as unknown as AnalyticsReplicaEntity;

function service(): RecommendationService {
  const access = { require: jest.fn().mockResolvedValue(undefined) } as unknown as BrandAccessService;
  const profiles = { get: jest.fn().mockResolvedValue({ brand, voice }) } as unknown as BrandProfileService;
  const entries = {
    listByBrandSince: jest
      .fn()
      .mockResolvedValue([{ scheduledAt: day(-3), pillar: 'Brewing guides', topic: 'Water for pour-over', contentId: null } as unknown as CalendarEntryEntity]),
  } as unknown as CalendarEntryRepository;
  // The best-performing posts even talk about the voice's words: they are still not topics to recommend.
  const snapshots = {
    listByBrand: jest
      .fn()
      .mockResolvedValue([snapshot(40, 'Origins', 'Peach tea notes in a washed Ethiopian', 90), snapshot(45, 'Origins', 'Why the grinder matters', 80)]),
  } as unknown as AnalyticsReplicaRepository;
  return new RecommendationService(access, profiles, entries, snapshots);
}

describe('RecommendationService', () => {
  const actor = { userId: 'u1', role: 'member' } as unknown as Actor;

  it("recommends the brand's pillars and values, never a word of its learned voice", async () => {
    const { items } = await service().recommend(actor, BRAND_ID, now);
    expect(items.length).toBeGreaterThan(0);
    const allowed = new Set([...brand.pillars, ...brand.values]);
    expect(items.filter((i) => !allowed.has(i.topic)).map((i) => i.topic)).toEqual([]);
    expect(items.filter((i) => !brand.pillars.includes(i.pillar)).map((i) => i.pillar)).toEqual([]);
    const said = items.map((i) => `${i.topic} ${i.reason}`.toLowerCase()).join('\n');
    for (const word of VOICE_WORDS) expect(said).not.toContain(word);
    // Values stand as topics beside the pillars: "Freshness" has never been covered.
    expect(items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'topic', topic: 'Freshness' })]));
  });
});
