import { MeshError } from '@mt/messages';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const UTC_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A keyset position in a newest-first list ordered by (created_at, id): the exact created_at
 * (microseconds, UTC, as `utcKeySql` selects it — a JS Date keeps only milliseconds, which would
 * repeat or skip rows created in the same millisecond) and the id of the last row of a page.
 */
export interface Keyset {
  createdKey: string;
  id: string;
}

/** SQL for a timestamptz as ISO 8601 UTC with microseconds; compared back as `$n::timestamptz`, it is exact. */
export function utcKeySql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
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
    if (
      Array.isArray(parts) &&
      parts.length === 2 &&
      typeof parts[0] === 'string' &&
      UTC_KEY.test(parts[0]) &&
      typeof parts[1] === 'string' &&
      UUID.test(parts[1])
    ) {
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

/** Rows fetched with limit + 1 (each with its created key and id) become a page and its next cursor. */
export function toPage<R extends { createdKey: string; id: string }, T>(rows: R[], limit: number, map: (r: R) => T) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
