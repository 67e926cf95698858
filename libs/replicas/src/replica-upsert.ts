import type { EntityManager } from 'typeorm';

/**
 * A replica: a table in one agent's schema kept from another agent's (or another part's) events
 * (ADR 173). Named `<source>_replica`; the source's own change time is `source_updated_at`; a
 * deletion is a tombstone in `deleted_at`, never a boolean, and never a removed row (a late
 * event must not bring the row back).
 */
export interface ReplicaTable {
  /** Schema-qualified and quoted as SQL needs it: `publishing.content_replica`. */
  table: string;
  /** The primary key columns. */
  key: readonly string[];
  /** The freshness column: a row only replaces one at least as new. Absent: the last write wins. */
  freshness?: string;
  /** The table has a `deleted_at` tombstone: a tombstoned row is never written again. */
  tombstone?: boolean;
}

export interface UpsertLatestOptions {
  /** Columns written when the row is first inserted and never changed after (e.g. brand_id). */
  insertOnly?: readonly string[];
  /**
   * The tie rule: at equal freshness the incoming row wins unless this SQL condition holds. It is
   * given the stored row's qualified table name; the incoming row is `EXCLUDED`.
   */
  keepOnTie?: (stored: string) => string;
  /** A further condition the stored row must meet to be replaced (e.g. it belongs to the same brand). */
  onlyIf?: (stored: string) => string;
}

/** Row values by column name, in the order they are written. */
export type ReplicaRow = Record<string, unknown>;

/**
 * Writes the incoming state of a replicated row unless a newer one is kept (latest wins: events
 * arrive out of order and more than once). Returns true when the row was written.
 */
export async function upsertLatest(manager: EntityManager, t: ReplicaTable, row: ReplicaRow, o: UpsertLatestOptions = {}): Promise<boolean> {
  return (await upsertLatestMany(manager, t, [row], o)) > 0;
}

/** The ON CONFLICT action of a latest-wins write of these columns. */
function conflictAction(t: ReplicaTable, columns: readonly string[], o: UpsertLatestOptions): string {
  const fixed = new Set([...t.key, ...(o.insertOnly ?? [])]);
  const set = columns.filter((c) => !fixed.has(c)).map((c) => `${c} = EXCLUDED.${c}`);
  const conditions: string[] = [];
  if (t.tombstone) conditions.push(`${t.table}.deleted_at IS NULL`);
  if (t.freshness) {
    const f = t.freshness;
    conditions.push(
      o.keepOnTie
        ? `(${t.table}.${f} < EXCLUDED.${f} OR (${t.table}.${f} = EXCLUDED.${f} AND NOT (${o.keepOnTie(t.table)})))`
        : `${t.table}.${f} <= EXCLUDED.${f}`,
    );
  }
  if (o.onlyIf) conditions.push(o.onlyIf(t.table));
  return set.length ? `DO UPDATE SET ${set.join(', ')}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}` : 'DO NOTHING';
}

/** Rows per statement: PostgreSQL takes at most 65,535 parameters in one. */
const MAX_PARAMETERS = 60_000;

/**
 * upsertLatest for several rows (all with the same columns) in as few statements as it takes: one,
 * unless two rows share a key. The outcome is the one writing them one by one in the given order
 * would have: the n-th row of a key goes in the n-th statement, each after the one before. A plan's
 * entries were written one statement each before (ADR 218). Returns how many rows were written.
 */
export async function upsertLatestMany(manager: EntityManager, t: ReplicaTable, rows: readonly ReplicaRow[], o: UpsertLatestOptions = {}): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0]);
  for (const row of rows) {
    const keys = Object.keys(row);
    if (keys.length !== columns.length || keys.some((c, i) => c !== columns[i])) {
      throw new Error(`upsertLatestMany(${t.table}): every row needs the columns ${columns.join(', ')} in that order`);
    }
  }
  const onConflict = conflictAction(t, columns, o);

  // The n-th occurrence of a key goes in round n: one statement cannot touch a row twice.
  const rounds: ReplicaRow[][] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const key = JSON.stringify(t.key.map((c) => row[c]));
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    (rounds[n] ??= []).push(row);
  }
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  let written = 0;
  for (const round of rounds) {
    for (let from = 0; from < round.length; from += perStatement) {
      const chunk = round.slice(from, from + perStatement);
      const values = chunk.map((_, r) => `(${columns.map((_c, i) => `$${r * columns.length + i + 1}`).join(', ')})`);
      const result: unknown[] = await manager.query(
        `INSERT INTO ${t.table} (${columns.join(', ')}) VALUES ${values.join(', ')}
     ON CONFLICT (${t.key.join(', ')}) ${onConflict}
     RETURNING 1`,
        chunk.flatMap((row) => columns.map((c) => row[c])),
      );
      written += result.length;
    }
  }
  return written;
}

/**
 * upsertLatest answering the row as it now stands, every column as pg parses it (the stored row
 * with its insert-only columns and defaults), or null when nothing was written: one statement
 * where writing and reading back took two.
 */
export async function upsertLatestReturning(
  manager: EntityManager,
  t: ReplicaTable,
  row: ReplicaRow,
  o: UpsertLatestOptions & {
    /**
     * More output columns after the row's own, as SQL given the table's qualified name (e.g. a
     * scalar subquery of a setting the caller would otherwise read next, in the same snapshot).
     */
    alsoReturning?: (stored: string) => string;
  } = {},
): Promise<Record<string, unknown> | null> {
  const columns = Object.keys(row);
  const rows: Record<string, unknown>[] = await manager.query(
    `INSERT INTO ${t.table} (${columns.join(', ')}) VALUES (${columns.map((_c, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (${t.key.join(', ')}) ${conflictAction(t, columns, o)}
     RETURNING *${o.alsoReturning ? `, ${o.alsoReturning(t.table)}` : ''}`,
    columns.map((c) => row[c]),
  );
  return rows[0] ?? null;
}

/**
 * Tombstones a replicated row at `at` (default: the database's now): `deleted_at` is set once (the
 * first deletion's time stays) and the row is kept, so a late create or update is refused by upsertLatest.
 */
export async function tombstone(manager: EntityManager, t: ReplicaTable, key: ReplicaRow, at: Date | string | null = null): Promise<void> {
  const where = t.key.map((c, i) => `${c} = $${i + 2}`).join(' AND ');
  await manager.query(`UPDATE ${t.table} SET deleted_at = coalesce($1::timestamptz, now()) WHERE ${where} AND deleted_at IS NULL`, [
    at,
    ...t.key.map((c) => key[c]),
  ]);
}
