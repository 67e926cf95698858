/** The shapes of the HTTP contract the UI uses (/work/shared/API.md). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn?: number;
}

export interface AuthSession extends TokenPair {
  user: User;
}

export type BrandRole = 'viewer' | 'editor' | 'owner';
/** Weakest first, as libs/messages orders them. */
export const BRAND_ROLES: BrandRole[] = ['viewer', 'editor', 'owner'];

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
  updatedAt?: string;
  role?: BrandRole;
}

export interface Member {
  userId: string;
  email: string | null;
  name: string | null;
  role: BrandRole;
  createdAt: string;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export const FINAL_JOB_STATUSES: JobStatus[] = ['succeeded', 'failed', 'cancelled'];

export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  progress: { done: number; total: number };
  result?: unknown;
  error?: { code: string; title: string; detail?: string; status?: number };
  brandId?: string | null;
  attempts?: number;
  createdAt: string;
  updatedAt: string;
}

export interface JobAccepted {
  jobId: string;
  status: JobStatus;
  kind: string;
  links: { self: string };
}
