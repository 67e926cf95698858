import type { DataSource, EntityManager } from 'typeorm';
import type { Envelope } from '../envelope/envelope';
import { assertSchemaName } from './messaging.migration';
import { untraced } from '../tracing/mesh-tracing';

export interface InboxClaim {
  messageId: string;
  idempotencyKey: string | null;
  messageType: string;
}

export interface OutboxRow {
  messageId: string;
  exchange: string;
  routingKey: string;
  envelope: string;
  headers: Record<string, string>;
  /**
   * The envelope the row was made from, kept in memory only (never stored): the relay's fast path
   * reads its type and ids for the span instead of parsing `envelope` again.
   */
  source?: Envelope;
}

export interface ClaimedOutboxRow extends OutboxRow {
  id: string;
}

export interface DeadLetterInput {
  queue: string;
  messageId: string | null;
  messageType: string | null;
  errorCode: string;
  reason: string;
  attempts: number;
  body: string;
  headers: Record<string, unknown>;
}

export interface DeadLetter extends DeadLetterInput {
  id: string;
  createdAt: Date;
  replayedAt: Date | null;
  replayCount: number;
}

/** Every SQL statement of the messaging layer, for one agent's schema. */
export class MessageStore {
  private readonly s: string;

  constructor(
    readonly dataSource: DataSource,
    schema: string,
  ) {
    this.s = `"${assertSchemaName(schema)}"`;
  }

  /**
   * Records the messages as handled. Returns the ids that are new; the others (same message id,
   * or same idempotency key under another id) were handled before and must have no effect.
   * A conflicting row still uncommitted in another transaction makes this wait for its outcome.
   */
  async claimInbox(em: EntityManager, consumer: string, items: InboxClaim[]): Promise<Set<string>> {
    const rows: { message_id: string }[] = await untraced(() =>
      em.query(
        `INSERT INTO ${this.s}.inbox (consumer, message_id, idempotency_key, message_type)
       SELECT $1, m, k, t FROM unnest($2::uuid[], $3::text[], $4::text[]) AS x(m, k, t)
       ON CONFLICT DO NOTHING RETURNING message_id`,
        [consumer, items.map((i) => i.messageId), items.map((i) => i.idempotencyKey), items.map((i) => i.messageType)],
      ),
    );
    return new Set(rows.map((r) => r.message_id));
  }

  /** Advisory transaction locks on the keys, one after another in the order given (lockKey, HandlerOptions). */
  async lockKeys(em: EntityManager, consumer: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await untraced(() =>
      em.query(`SELECT pg_advisory_xact_lock(hashtext($1), hashtext(k)) FROM unnest($2::text[]) WITH ORDINALITY AS x(k, n) ORDER BY n`, [consumer, keys]),
    );
  }

  async saveResponses(em: EntityManager, consumer: string, responses: { messageId: string; response: string }[]) {
    if (responses.length === 0) return;
    await untraced(() =>
      em.query(
        `UPDATE ${this.s}.inbox AS i SET response = x.r
       FROM unnest($2::uuid[], $3::text[]) AS x(m, r)
       WHERE i.consumer = $1 AND i.message_id = x.m`,
        [consumer, responses.map((r) => r.messageId), responses.map((r) => r.response)],
      ),
    );
  }

  /**
   * Records a message handled outside the consumer's transaction (a manualTransaction RPC) with its
   * answer, after its handler committed: a copy with the same key is then answered from here.
   */
  async recordResponse(consumer: string, claim: InboxClaim, response: string): Promise<void> {
    await untraced(() =>
      this.dataSource.query(
        `INSERT INTO ${this.s}.inbox (consumer, message_id, idempotency_key, message_type, response)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [consumer, claim.messageId, claim.idempotencyKey, claim.messageType, response],
      ),
    );
  }

  /** The answer stored for a message handled before (by id, or by idempotency key). */
  async storedResponse(consumer: string, messageId: string, idempotencyKey: string | null): Promise<string | null> {
    const rows: { response: string | null }[] = await untraced(() =>
      this.dataSource.query(
        `SELECT response FROM ${this.s}.inbox
       WHERE consumer = $1 AND (message_id = $2 OR ($3::text IS NOT NULL AND idempotency_key = $3))
       LIMIT 1`,
        [consumer, messageId, idempotencyKey],
      ),
    );
    return rows[0]?.response ?? null;
  }

  async insertOutbox(em: EntityManager, rows: OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    await untraced(() =>
      em.query(
        `INSERT INTO ${this.s}.outbox (message_id, exchange, routing_key, envelope, headers)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
        [
          rows.map((r) => r.messageId),
          rows.map((r) => r.exchange),
          rows.map((r) => r.routingKey),
          rows.map((r) => r.envelope),
          rows.map((r) => JSON.stringify(r.headers)),
        ],
      ),
    );
  }

  /**
   * Claims unpublished rows older than `minAgeMs` (younger ones are being published by the process
   * that committed them); other relays (other replicas) skip them until this transaction ends.
   */
  async claimUnpublished(em: EntityManager, limit: number, minAgeMs = 0): Promise<ClaimedOutboxRow[]> {
    const rows: { id: string; message_id: string; exchange: string; routing_key: string; envelope: string; headers: Record<string, string> }[] = await untraced(
      () =>
        em.query(
          `SELECT id, message_id, exchange, routing_key, envelope, headers FROM ${this.s}.outbox
         WHERE published_at IS NULL AND created_at <= now() - make_interval(secs => $2::double precision / 1000)
         ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [limit, minAgeMs],
        ),
    );
    return rows.map((r) => ({
      id: String(r.id),
      messageId: r.message_id,
      exchange: r.exchange,
      routingKey: r.routing_key,
      envelope: r.envelope,
      headers: r.headers ?? {},
    }));
  }

  /** Marks rows published by message id (the relay's fast path, which never read their ids). */
  async markPublishedByMessageId(messageIds: string[]): Promise<void> {
    if (messageIds.length === 0) return;
    await untraced(() =>
      this.dataSource.query(`UPDATE ${this.s}.outbox SET published_at = now() WHERE message_id = ANY($1::uuid[]) AND published_at IS NULL`, [messageIds]),
    );
  }

  async markPublished(em: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await untraced(() => em.query(`UPDATE ${this.s}.outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [ids]));
  }

  /** For metrics: unpublished rows and the age of the oldest (0 when none). */
  async outboxBacklog(): Promise<{ backlog: number; oldestAgeSeconds: number }> {
    const rows: { n: string; age: string | null }[] = await this.dataSource.query(
      `SELECT count(*) AS n, extract(epoch FROM now() - min(created_at)) AS age FROM ${this.s}.outbox WHERE published_at IS NULL`,
    );
    return { backlog: Number(rows[0].n), oldestAgeSeconds: Math.max(0, Number(rows[0].age ?? 0)) };
  }

  /** For metrics: dead letters kept and not replayed. */
  async countDeadLettersWaiting(): Promise<number> {
    const rows: { n: string }[] = await this.dataSource.query(`SELECT count(*) AS n FROM ${this.s}.dead_letter WHERE replayed_at IS NULL`);
    return Number(rows[0].n);
  }

  async countUnpublished(): Promise<number> {
    const rows: { n: string }[] = await this.dataSource.query(`SELECT count(*) AS n FROM ${this.s}.outbox WHERE published_at IS NULL`);
    return Number(rows[0].n);
  }

  /** Housekeeping: published outbox rows and inbox rows older than the retention window. */
  async prune(olderThan: Date): Promise<{ outbox: number; inbox: number }> {
    const o: [unknown[], number] = await this.dataSource.query(`DELETE FROM ${this.s}.outbox WHERE published_at IS NOT NULL AND published_at < $1`, [
      olderThan,
    ]);
    const i: [unknown[], number] = await this.dataSource.query(`DELETE FROM ${this.s}.inbox WHERE received_at < $1`, [olderThan]);
    return { outbox: o[1] ?? 0, inbox: i[1] ?? 0 };
  }

  async insertDeadLetter(d: DeadLetterInput): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${this.s}.dead_letter (queue, message_id, message_type, error_code, reason, attempts, body, headers)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [d.queue, d.messageId, d.messageType, d.errorCode, d.reason, d.attempts, d.body, JSON.stringify(d.headers)],
    );
  }

  async listDeadLetters(opts: { limit: number; includeReplayed?: boolean }): Promise<DeadLetter[]> {
    const rows: DeadLetterRow[] = await this.dataSource.query(
      `SELECT * FROM ${this.s}.dead_letter
       WHERE $2::boolean OR replayed_at IS NULL
       ORDER BY created_at DESC LIMIT $1`,
      [opts.limit, opts.includeReplayed ?? false],
    );
    return rows.map(toDeadLetter);
  }

  async getDeadLetter(id: string): Promise<DeadLetter | null> {
    const rows: DeadLetterRow[] = await this.dataSource.query(`SELECT * FROM ${this.s}.dead_letter WHERE id = $1`, [id]);
    return rows[0] ? toDeadLetter(rows[0]) : null;
  }

  async markReplayed(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE ${this.s}.dead_letter SET replayed_at = now(), replay_count = replay_count + 1 WHERE id = $1`, [id]);
  }
}

interface DeadLetterRow {
  id: string;
  queue: string;
  message_id: string | null;
  message_type: string | null;
  error_code: string;
  reason: string;
  attempts: number;
  body: string;
  headers: Record<string, unknown>;
  created_at: Date;
  replayed_at: Date | null;
  replay_count: number;
}

function toDeadLetter(r: DeadLetterRow): DeadLetter {
  return {
    id: r.id,
    queue: r.queue,
    messageId: r.message_id,
    messageType: r.message_type,
    errorCode: r.error_code,
    reason: r.reason,
    attempts: r.attempts,
    body: r.body,
    headers: r.headers,
    createdAt: r.created_at,
    replayedAt: r.replayed_at,
    replayCount: r.replay_count,
  };
}
