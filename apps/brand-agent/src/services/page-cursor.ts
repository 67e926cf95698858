import { MeshError } from '@mt/messages';
import { isUuid } from './brand-access.policy';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const UTC_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A keyset position: the exact created_at (microseconds, UTC) and id of the last row of a page. */
export interface Keyset {
  createdKey: string;
  id: string;
}

/** Opaque to clients: base64url of the keyset, so its shape may change without breaking them. */
export function encodeCursor(k: Keyset): string {
  return Buffer.from(JSON.stringify([k.createdKey, k.id]), 'utf8').toString('base64url');
}

/** Null for no cursor; VALIDATION_FAILED for one this API did not give out. */
export function decodeCursor(cursor: string | null | undefined): Keyset | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === 2 && typeof parts[0] === 'string' && UTC_KEY.test(parts[0]) && isUuid(parts[1])) {
      return { createdKey: parts[0], id: parts[1] };
    }
  } catch {
    // fall through: not JSON
  }
  throw new MeshError('VALIDATION_FAILED', 'cursor: is not a cursor this API gave out', {
    status: 400,
    retryable: false,
    details: { errors: [{ field: 'cursor', message: 'is not a cursor this API gave out' }] },
  });
}

export function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isInteger(limit)) return DEFAULT_PAGE_SIZE;
  return Math.min(Math.max(limit, 1), MAX_PAGE_SIZE);
}
