import type { Actor, BrandRole, Page, PageQuery } from './actor';

export interface Brand {
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
  timezone: string;
  createdAt: string;
  updatedAt: string;
  /** The caller's role on this brand. */
  role: BrandRole;
}

export type BrandInput = Partial<Omit<Brand, 'id' | 'createdAt' | 'updatedAt' | 'role'>> & { name?: string };

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: BrandRole;
  createdAt: string;
}

export interface CreateBrandPayload {
  actor: Actor;
  brand: BrandInput & { name: string };
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
export type ListMembersPayload = GetBrandPayload;
export interface AddMemberPayload {
  actor: Actor;
  brandId: string;
  email: string;
  role: BrandRole;
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
} as const;

export const BRAND_ROUTES = Object.fromEntries(Object.values(BRAND_TASKS).map((t) => [t, 'brand-agent']));

export const BRAND_EVENTS = {
  created: 'brand.created',
  updated: 'brand.updated',
  deleted: 'brand.deleted',
  /** A user's role on a brand changed (role null: access removed). Agents keep a replica of access. */
  accessChanged: 'brand.access.changed',
} as const;
