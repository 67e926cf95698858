import { type BrandRole, MeshError, roleAtLeast } from '@mt/messages';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Never reveals whether the brand exists: the same answer for "no such brand" and "not yours". */
export function brandNotFound(): MeshError {
  return new MeshError('NOT_FOUND', 'No brand with this id', { status: 404, retryable: false });
}

/**
 * The access rule of every brand operation, applied to what a membership-joined query found:
 * nothing (no role, deleted, or no such brand) → NOT_FOUND; a role weaker than needed → FORBIDDEN.
 */
export function requireRole<T extends { role: BrandRole }>(found: T | null | undefined, needed: BrandRole): T {
  if (!found) throw brandNotFound();
  if (!roleAtLeast(found.role, needed)) {
    throw new MeshError('FORBIDDEN', `This needs the ${needed} role on the brand; yours is ${found.role}`, {
      status: 403,
      retryable: false,
    });
  }
  return found;
}
