import type { CalendarEntry, Campaign, Content } from '../api/types';
import { BRAND } from './fake-api';

export const CAMPAIGN: Campaign = {
  id: '22222222-2222-4222-8222-222222222222',
  brandId: BRAND.id,
  name: 'Autumn origins',
  goal: 'Introduce the three new single-origin beans',
  startDate: '2026-12-01',
  endDate: '2026-12-28',
  platforms: ['linkedin', 'mastodon'],
  postsPerWeek: 3,
  budget: null,
  status: 'planned',
  createdAt: '2026-11-20T00:00:00.000Z',
  updatedAt: '2026-11-20T00:00:00.000Z',
};

export const entry = (id: string, date: string, extra: Partial<CalendarEntry> = {}): CalendarEntry => ({
  id,
  campaignId: CAMPAIGN.id,
  brandId: BRAND.id,
  date,
  time: '09:30',
  timezone: 'UTC',
  scheduledAt: `${date}T09:30:00.000Z`,
  platform: 'linkedin',
  topic: `Topic ${id}`,
  pillar: 'Origins',
  format: 'story',
  framework: 'AIDA',
  status: 'drafted',
  contentId: null,
  createdAt: '2026-11-20T00:00:00.000Z',
  updatedAt: '2026-11-20T00:00:00.000Z',
  ...extra,
});

const scores = (n: number) => ({ voiceMatch: n, readability: n, lengthFit: n, engagementPrediction: n });

export const CONTENT: Content = {
  id: '33333333-3333-4333-8333-333333333333',
  brandId: BRAND.id,
  campaignId: CAMPAIGN.id,
  calendarEntryId: null,
  platform: 'linkedin',
  status: 'draft',
  body: 'Huila beans have landed. Bright, floral, and roasted this week.',
  hashtags: ['coffee'],
  topic: 'New Huila beans',
  pillar: 'Origins',
  format: 'announcement',
  variants: [
    {
      id: 'v1',
      body: 'Huila beans have landed. Bright, floral, and roasted this week.',
      hashtags: ['coffee'],
      framework: 'AIDA',
      scores: scores(81),
      overall: 81,
    },
    {
      id: 'v2',
      body: 'Meet Huila: a cup that tastes like spring mornings.',
      hashtags: ['coffee', 'origins'],
      framework: 'PAS',
      scores: scores(64),
      overall: 64,
    },
  ],
  selectedVariantId: 'v1',
  version: 1,
  aiMeta: { provider: 'local', model: 'local-engine', engine: 'local-engine', jobId: null },
  approvedAt: null,
  approvedBy: null,
  scheduledAt: null,
  publishedAt: null,
  externalUrl: null,
  failure: null,
  createdAt: '2026-11-20T00:00:00.000Z',
  updatedAt: '2026-11-20T00:00:00.000Z',
};
