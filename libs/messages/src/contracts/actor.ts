/** Roles on a brand, weakest first. */
export const BRAND_ROLES = ['viewer', 'editor', 'owner'] as const;
export type BrandRole = (typeof BRAND_ROLES)[number];

export function roleAtLeast(role: BrandRole | null | undefined, needed: BrandRole): boolean {
  return !!role && BRAND_ROLES.indexOf(role) >= BRAND_ROLES.indexOf(needed);
}

/** Who asks: every task the gateway sends on a user's behalf carries it. */
export interface Actor {
  userId: string;
  /** The gateway request that caused the task, for logs and problems. */
  requestId?: string;
}

/** The payload shape of a task sent on a user's behalf. */
export type ActorTask<P> = P & { actor: Actor };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageQuery {
  limit: number;
  cursor?: string | null;
}
