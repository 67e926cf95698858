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
  /**
   * Set when the caller is a personal access token restricted to some brands (ADR 117): every
   * other brand is answered as if it did not exist, whatever the user's role on it.
   */
  brandIds?: string[];
}

/** Whether the actor may reach this brand at all (a brand-restricted token reaches only its brands). */
export function actorReaches(actor: Pick<Actor, 'brandIds'>, brandId: string): boolean {
  return !actor.brandIds || actor.brandIds.includes(brandId);
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
