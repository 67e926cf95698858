import type { Actor, BrandRole, Page, PageQuery } from './actor';

/** A brand's own fields, as stored and announced (no caller-specific data). */
export interface BrandData {
  id: string;
  name: string;
  industry: string | null;
  description: string | null;
  website: string | null;
  audience: string | null;
  tone: string | null;
  values: string[];
  bannedWords: string[];
  pillars: string[];
  competitors: string[];
  /** IANA time zone name (canonical), 'UTC' by default: calendars and schedules are read in it. */
  timezone: string;
  createdAt: string;
  updatedAt: string;
}

/** A brand as its member sees it. */
export interface Brand extends BrandData {
  /** The caller's role on this brand. */
  role: BrandRole;
}

export type BrandInput = Partial<Omit<BrandData, 'id' | 'createdAt' | 'updatedAt'>>;

/** Limits of a brand's fields: the gateway's DTOs and brand-agent's own validation use the same numbers. */
export const BRAND_LIMITS = {
  name: { min: 1, max: 120 },
  industry: { max: 120 },
  description: { max: 2000 },
  website: { max: 2048 },
  audience: { max: 2000 },
  tone: { max: 500 },
  timezone: { max: 64 },
  values: { items: 20, itemMax: 80 },
  bannedWords: { items: 200, itemMax: 60 },
  pillars: { items: 12, itemMax: 80 },
  competitors: { items: 50, itemMax: 120 },
} as const;

export const BRAND_TEXT_FIELDS = ['industry', 'description', 'website', 'audience', 'tone'] as const;
export const BRAND_LIST_FIELDS = ['values', 'bannedWords', 'pillars', 'competitors'] as const;
export type BrandTextField = (typeof BRAND_TEXT_FIELDS)[number];
export type BrandListField = (typeof BRAND_LIST_FIELDS)[number];

export interface Member {
  userId: string;
  /** From the user directory of brand-agent (filled by auth-agent's answers and events); null until known. */
  email: string | null;
  name: string | null;
  role: BrandRole;
  createdAt: string;
}

export interface CreateBrandPayload {
  actor: Actor;
  brand: BrandInput & { name: string };
  /** The creator's email as the gateway verified it (access-token claim), for the members list. */
  ownerEmail?: string;
}
export interface ListBrandsPayload {
  actor: Actor;
  page: PageQuery;
}
export interface GetBrandPayload {
  actor: Actor;
  brandId: string;
}
export interface UpdateBrandPayload {
  actor: Actor;
  brandId: string;
  changes: BrandInput;
}
export type DeleteBrandPayload = GetBrandPayload;
export interface ListMembersPayload extends GetBrandPayload {
  page?: PageQuery;
}
export interface AddMemberPayload {
  actor: Actor;
  brandId: string;
  email: string;
  role: BrandRole;
}
/** `created` false: the user was already a member and now has this role. */
export interface AddMemberResult {
  member: Member;
  created: boolean;
}
export interface RemoveMemberPayload {
  actor: Actor;
  brandId: string;
  userId: string;
}
/** The caller's role on a brand, or null: the authority behind every other agent's access check. */
export interface BrandAccessPayload {
  userId: string;
  brandId: string;
}
export interface BrandAccess {
  brandId: string;
  userId: string;
  role: BrandRole | null;
}

export type BrandPage = Page<Brand>;
/** Members are few per brand: the list is answered whole, in the list shape. */
export type MemberPage = Page<Member>;

export const BRAND_TASKS = {
  create: 'brand.create',
  list: 'brand.list',
  get: 'brand.get',
  update: 'brand.update',
  delete: 'brand.delete',
  listMembers: 'brand.members.list',
  addMember: 'brand.members.add',
  removeMember: 'brand.members.remove',
  access: 'brand.access.get',
  /** A brand's data and learned voice, for agents filling their replica (see BrandProfileReplica). */
  context: 'brand.context.get',
} as const;

export const BRAND_ROUTES = Object.fromEntries(Object.values(BRAND_TASKS).map((t) => [t, 'brand-agent']));

export const BRAND_EVENTS = {
  created: 'brand.created',
  updated: 'brand.updated',
  deleted: 'brand.deleted',
  /** A user's role on a brand changed (role null: access removed). Agents keep a replica of access. */
  accessChanged: 'brand.access.changed',
  /** The learned voice profile changed (samples analysed, or the learning loop updated it). */
  voiceUpdated: 'brand.voice.updated',
} as const;

export interface BrandCreatedEvent {
  brand: BrandData;
  ownerId: string;
}
export interface BrandUpdatedEvent {
  brand: BrandData;
  /** The fields the update changed. */
  changed: (keyof BrandInput)[];
  by: string;
}
export interface BrandDeletedEvent {
  brandId: string;
  by: string;
  deletedAt: string;
}
export interface BrandAccessChangedEvent {
  brandId: string;
  userId: string;
  role: BrandRole | null;
  /** When brand-agent committed the change: replicas keep the newest. */
  changedAt: string;
}

/** A brand's voice as learned from its samples and from what its team accepts, edits and rejects. */
export interface VoiceProfile {
  brandId: string;
  /** One paragraph: how the brand sounds. */
  tone: string;
  traits: { trait: string; description: string }[];
  sentenceStyle: { averageSentenceWords: number; readingLevel: 'simple' | 'standard' | 'expert'; emojiPolicy: 'none' | 'sparing' | 'frequent' };
  vocabulary: { preferred: string[]; avoid: string[] };
  dos: string[];
  donts: string[];
  /** Lines in the voice (from the samples, then from approved posts). */
  examples: string[];
  /** Samples and accepted posts the profile was learned from. */
  sampleCount: number;
  /** +1 on every change. */
  version: number;
  updatedAt: string;
}

/** The answer of `brand.context.get`: what other agents replicate about a brand. */
export interface BrandContextPayload {
  brandId: string;
}
export interface BrandContextAnswer {
  brand: BrandData;
  voice: VoiceProfile | null;
  /** Set when the brand is deleted. */
  deletedAt: string | null;
}

export interface BrandVoiceUpdatedEvent {
  brandId: string;
  voice: VoiceProfile;
}
