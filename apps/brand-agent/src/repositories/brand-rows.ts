import { utcKeySql } from '@mt/runtime';
import type { BrandData, BrandRole } from '@mt/messages';

/** A brand row as the repositories select it (snake_case, as PostgreSQL answers). */
export interface BrandRow {
  id: string;
  name: string;
  industry: string | null;
  description: string | null;
  website: string | null;
  audience: string | null;
  tone: string | null;
  values: string[];
  banned_words: string[];
  pillars: string[];
  competitors: string[];
  timezone: string;
  created_at: Date;
  updated_at: Date;
  /** created_at with microseconds, UTC: the exact key of keyset pagination (a JS Date keeps only milliseconds). */
  created_key: string;
}

export interface MemberBrandRow extends BrandRow {
  role: BrandRole;
}

/** Keyset position: the (created_at, id) of the last row of a page. */
export interface PageKey {
  createdKey: string;
  id: string;
}

export const BRAND_COLUMNS = `b.id, b.name, b.industry, b.description, b.website, b.audience, b.tone,
  b."values", b.banned_words, b.pillars, b.competitors, b.timezone, b.created_at, b.updated_at,
  ${utcKeySql('b.created_at')} AS created_key`;

export function toBrandData(r: BrandRow): BrandData {
  return {
    id: r.id,
    name: r.name,
    industry: r.industry,
    description: r.description,
    website: r.website,
    audience: r.audience,
    tone: r.tone,
    values: r.values ?? [],
    bannedWords: r.banned_words ?? [],
    pillars: r.pillars ?? [],
    competitors: r.competitors ?? [],
    timezone: r.timezone,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}
