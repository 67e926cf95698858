import { MeshError } from '@mt/messages';

/** Keyset position in a newest-first list ordered by (created_at, id). */
export interface KeysetCursor {
  createdAt: Date;
  id: string;
}

/** Opaque to clients: base64url of "ISO time|id". */
export function encodeCursor(c: KeysetCursor): string {
  return Buffer.from(`${c.createdAt.toISOString()}|${c.id}`).toString('base64url');
}

export function decodeCursor(raw: string | null | undefined): KeysetCursor | undefined {
  if (!raw) return undefined;
  const [at, id] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || Number.isNaN(createdAt.getTime())) {
    throw new MeshError('VALIDATION_FAILED', 'cursor is not one this API returned', {
      status: 400,
      retryable: false,
      details: { errors: [{ field: 'cursor', message: 'is not valid' }] },
    });
  }
  return { createdAt, id };
}

/** Fetch limit + 1 rows; this turns them into a page. */
export function toPage<E extends { createdAt: Date; id: string }, T>(rows: E[], limit: number, map: (e: E) => T) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
