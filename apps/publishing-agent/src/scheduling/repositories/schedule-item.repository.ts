import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';
import { ScheduleItemEntity } from '../entities/scheduling.entities';

/** What a new schedule item needs; its id and idempotency key are fixed before the insert. */
export interface NewScheduleItem {
  id: string;
  brandId: string;
  contentId: string;
  connectionId: string;
  platform: string;
  at: Date;
  idempotencyKey: string;
  body: string;
  hashtags: string[];
  variantId: string | null;
  abTestId: string | null;
  createdBy: string | null;
  /** A post of its connection's queue (ADR 147); false when absent. */
  queued?: boolean;
  /** A compose-once target's own media (ADR 186); null or absent: the content's. */
  mediaIds?: string[] | null;
  /** The body is a target's own text (an edit of the post leaves it); false when absent. */
  ownBody?: boolean;
}

/** The fence of a claim: a settle only lands while this instance still holds this attempt. */
export interface ClaimFence {
  id: string;
  claimedBy: string;
  attempts: number;
}

const LIVE = `('scheduled', 'publishing', 'unknown')`;

/**
 * The durable schedule. Every change of a claimed item is fenced by (status, claimed_by,
 * attempts): an instance whose lease was taken over can no longer record anything, so the
 * instance that reclaimed the item (and reconciled it first) is the only one that decides.
 */
@Injectable()
export class ScheduleItemRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager().getRepository(ScheduleItemEntity);
  }

  private async rows(sql: string, params: unknown[]): Promise<ScheduleItemEntity[]> {
    const raw: Record<string, unknown>[] = await this.uow.manager().query(sql, params);
    return raw.map((r) => this.repo.create(fromRow(r)));
  }

  async insert(items: NewScheduleItem[]): Promise<ScheduleItemEntity[]> {
    if (items.length === 0) return [];
    const cols = [
      'id',
      'brand_id',
      'content_id',
      'connection_id',
      'platform',
      'at',
      'due_at',
      'status',
      'idempotency_key',
      'body',
      'hashtags',
      'variant_id',
      'ab_test_id',
      'created_by',
      'queued',
      'media_ids',
      'own_body',
    ];
    const params: unknown[] = [];
    const tuples = items.map((i) => {
      const values = [
        i.id,
        i.brandId,
        i.contentId,
        i.connectionId,
        i.platform,
        i.at,
        i.at,
        'scheduled',
        i.idempotencyKey,
        i.body,
        JSON.stringify(i.hashtags),
        i.variantId,
        i.abTestId,
        i.createdBy,
        i.queued === true,
        i.mediaIds ? JSON.stringify(i.mediaIds) : null,
        i.ownBody === true,
      ];
      const start = params.length;
      params.push(...values);
      return `(${values.map((_, k) => `$${start + k + 1}`).join(', ')})`;
    });
    return this.rows(`INSERT INTO publishing.schedule_item (${cols.join(', ')}) VALUES ${tuples.join(', ')} RETURNING *`, params);
  }

  /** Items of a content still to be published (or being published), optionally of one variant. */
  liveByContent(contentId: string): Promise<ScheduleItemEntity[]> {
    return this.rows(`SELECT * FROM publishing.schedule_item WHERE content_id = $1 AND status IN ${LIVE} ORDER BY at`, [contentId]);
  }

  /**
   * The latest publication of each (content, connection) of these posts, A/B variant items aside:
   * a compose-once target's status and outcome (ADR 186).
   */
  latestPerConnection(contentIds: string[]): Promise<ScheduleItemEntity[]> {
    if (contentIds.length === 0) return Promise.resolve([]);
    return this.rows(
      `SELECT DISTINCT ON (content_id, connection_id) * FROM publishing.schedule_item
        WHERE content_id = ANY($1::uuid[]) AND variant_id IS NULL
        ORDER BY content_id, connection_id, created_at DESC, id`,
      [contentIds],
    );
  }

  /**
   * Moves a waiting item to a new time and body (a reschedule); a claimed one is left alone. A
   * time chosen by hand takes the item out of its queue (ADR 147): the queue never moves it again.
   */
  async reschedule(
    id: string,
    at: Date,
    body: string,
    hashtags: string[],
    target?: { mediaIds: string[] | null; ownBody: boolean },
  ): Promise<ScheduleItemEntity | null> {
    if (target) {
      // A compose-once target (ADR 186) also takes its own media and text flag with it.
      const [moved] = await this.rows(
        `WITH u AS (UPDATE publishing.schedule_item SET at = $2, due_at = $2, body = $3, hashtags = $4, media_ids = $5, own_body = $6, queued = false, updated_at = now()
          WHERE id = $1 AND status = 'scheduled' RETURNING *) SELECT * FROM u`,
        [id, at, body, JSON.stringify(hashtags), target.mediaIds ? JSON.stringify(target.mediaIds) : null, target.ownBody],
      );
      return moved ?? null;
    }
    const [row] = await this.rows(
      `WITH u AS (UPDATE publishing.schedule_item SET at = $2, due_at = $2, body = $3, hashtags = $4, queued = false, updated_at = now()
        WHERE id = $1 AND status = 'scheduled' RETURNING *) SELECT * FROM u`,
      [id, at, body, JSON.stringify(hashtags)],
    );
    return row ?? null;
  }

  /** Updates the text of waiting items of a content after an edit (variant items and targets' own texts keep theirs). */
  async refreshBody(contentId: string, body: string, hashtags: string[]): Promise<void> {
    await this.uow
      .manager()
      .query(
        `UPDATE publishing.schedule_item SET body = $2, hashtags = $3, updated_at = now() WHERE content_id = $1 AND status = 'scheduled' AND variant_id IS NULL AND NOT own_body`,
        [contentId, body, JSON.stringify(hashtags)],
      );
  }

  /** Updates the text of a compose-once target's waiting item that follows the content's text (ADR 186). */
  async refreshTargetBody(contentId: string, connectionId: string, body: string, hashtags: string[]): Promise<void> {
    await this.uow.manager().query(
      `UPDATE publishing.schedule_item SET body = $3, hashtags = $4, updated_at = now()
          WHERE content_id = $1 AND connection_id = $2 AND status = 'scheduled' AND variant_id IS NULL AND own_body`,
      [contentId, connectionId, body, JSON.stringify(hashtags)],
    );
  }

  /** Cancels the waiting items of a content; items being published or of unknown outcome stay. */
  cancelWaiting(contentId: string): Promise<ScheduleItemEntity[]> {
    return this.rows(
      `WITH u AS (UPDATE publishing.schedule_item SET status = 'cancelled', updated_at = now()
        WHERE content_id = $1 AND status = 'scheduled' RETURNING *) SELECT * FROM u`,
      [contentId],
    );
  }

  /** A connection's live items (waiting, being published, of unknown outcome), earliest first. */
  liveByConnection(connectionId: string): Promise<ScheduleItemEntity[]> {
    return this.rows(`SELECT * FROM publishing.schedule_item WHERE connection_id = $1 AND status IN ${LIVE} ORDER BY at, id`, [connectionId]);
  }

  /** A connection's queued live items in queue order (their slot times). */
  queuedByConnection(connectionId: string): Promise<ScheduleItemEntity[]> {
    return this.rows(`SELECT * FROM publishing.schedule_item WHERE connection_id = $1 AND queued AND status IN ${LIVE} ORDER BY at, id`, [connectionId]);
  }

  /**
   * Puts a waiting item of a queue at a new slot, or a waiting item into its queue at one
   * (`queued` set either way). An item the scheduler has claimed meanwhile is left alone (null).
   */
  async placeInQueue(id: string, at: Date): Promise<ScheduleItemEntity | null> {
    const [row] = await this.rows(
      `WITH u AS (UPDATE publishing.schedule_item SET at = $2, due_at = $2, queued = true, updated_at = now()
        WHERE id = $1 AND status = 'scheduled' RETURNING *) SELECT * FROM u`,
      [id, at],
    );
    return row ?? null;
  }

  /** Cancels the waiting queued items of a content (on one connection, or all); the rest stay. */
  cancelQueued(contentId: string, connectionId?: string): Promise<ScheduleItemEntity[]> {
    return this.rows(
      `WITH u AS (UPDATE publishing.schedule_item SET status = 'cancelled', updated_at = now()
        WHERE content_id = $1 AND queued AND status = 'scheduled' AND ($2::uuid IS NULL OR connection_id = $2::uuid) RETURNING *) SELECT * FROM u`,
      [contentId, connectionId ?? null],
    );
  }

  /** A brand's items in a time range (cancelled ones left out), earliest first. */
  listByBrand(brandId: string, from: Date, to: Date, limit: number): Promise<ScheduleItemEntity[]> {
    return this.rows(
      `SELECT * FROM publishing.schedule_item WHERE brand_id = $1 AND at >= $2 AND at <= $3 AND status <> 'cancelled'
        ORDER BY at, id LIMIT $4`,
      [brandId, from, to, limit],
    );
  }

  findById(id: string): Promise<ScheduleItemEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  /**
   * Claims due items in one short statement: waiting items whose time (or retry) has come, items
   * of unknown outcome, and items whose lease expired (their instance died mid-publish). The
   * last two must be reconciled with the platform before any new attempt.
   */
  claimDue(limit: number, instanceId: string, leaseMs: number): Promise<ScheduleItemEntity[]> {
    return this.rows(
      `WITH due AS (
         SELECT id FROM publishing.schedule_item
          WHERE status IN ${LIVE} AND due_at <= now()
          ORDER BY due_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       ), u AS (
         UPDATE publishing.schedule_item s
            SET reconcile_first = (s.status <> 'scheduled'),
                status = 'publishing',
                attempts = s.attempts + 1,
                claimed_by = $2,
                due_at = clock_timestamp() + make_interval(secs => $3::double precision / 1000),
                updated_at = now()
           FROM due WHERE s.id = due.id
         RETURNING s.*
       ) SELECT * FROM u`,
      [limit, instanceId, leaseMs],
    );
  }

  /** The earliest moment an item needs a hand (its time, retry or lease expiry), or null. */
  async nextDue(): Promise<Date | null> {
    const [row]: { due: Date | string | null }[] = await this.uow
      .manager()
      .query(`SELECT min(due_at) AS due FROM publishing.schedule_item WHERE status IN ${LIVE}`);
    return row?.due ? new Date(row.due) : null;
  }

  async renewLeases(ids: string[], instanceId: string, leaseMs: number): Promise<void> {
    await this.uow.manager().query(
      `UPDATE publishing.schedule_item SET due_at = clock_timestamp() + make_interval(secs => $3::double precision / 1000)
        WHERE id = ANY($1::uuid[]) AND claimed_by = $2 AND status = 'publishing'`,
      [ids, instanceId, leaseMs],
    );
  }

  async markPublished(f: ClaimFence, r: { externalId: string; url: string | null; publishedAt: Date }): Promise<ScheduleItemEntity | null> {
    const [row] = await this.rows(
      `WITH u AS (UPDATE publishing.schedule_item
          SET status = 'published', external_id = $4, url = $5, published_at = $6, error_code = NULL, error_message = NULL, updated_at = now()
        WHERE id = $1 AND claimed_by = $2 AND attempts = $3 AND status = 'publishing' RETURNING *) SELECT * FROM u`,
      [f.id, f.claimedBy, f.attempts, r.externalId, r.url, r.publishedAt],
    );
    return row ?? null;
  }

  /** markPublished for many items in one statement; returns the rows whose fence still held. */
  async markPublishedMany(list: { fence: ClaimFence; externalId: string; url: string | null; publishedAt: Date }[]): Promise<ScheduleItemEntity[]> {
    if (list.length === 0) return [];
    const params: unknown[] = [];
    const tuples = list.map((x) => {
      const k = params.length;
      params.push(x.fence.id, x.fence.claimedBy, x.fence.attempts, x.externalId, x.url, x.publishedAt);
      return `($${k + 1}::uuid, $${k + 2}::text, $${k + 3}::int, $${k + 4}::text, $${k + 5}::text, $${k + 6}::timestamptz)`;
    });
    return this.rows(
      `WITH v (id, claimed_by, attempts, external_id, url, published_at) AS (VALUES ${tuples.join(', ')}),
       u AS (UPDATE publishing.schedule_item s
          SET status = 'published', external_id = v.external_id, url = v.url, published_at = v.published_at,
              error_code = NULL, error_message = NULL, updated_at = now()
         FROM v WHERE s.id = v.id AND s.claimed_by = v.claimed_by AND s.attempts = v.attempts AND s.status = 'publishing'
        RETURNING s.*) SELECT * FROM u`,
      params,
    );
  }

  /**
   * Keeps what a provider needs on the next attempts of this item (ADR 181), fenced like every
   * settle: false when the claim was taken over, and the provider must then not make the post.
   */
  async keepPlatformState(f: ClaimFence, state: Record<string, unknown>): Promise<boolean> {
    const rows = await this.rows(
      `WITH u AS (UPDATE publishing.schedule_item SET platform_state = $4, updated_at = now()
        WHERE id = $1 AND claimed_by = $2 AND attempts = $3 AND status = 'publishing' RETURNING *) SELECT * FROM u`,
      [f.id, f.claimedBy, f.attempts, JSON.stringify(state)],
    );
    return rows.length === 1;
  }

  /** Ends a claimed item without publishing (its content was deleted meanwhile). */
  async markCancelled(f: ClaimFence, code: string, message: string): Promise<boolean> {
    const rows = await this.rows(
      `WITH u AS (UPDATE publishing.schedule_item SET status = 'cancelled', error_code = $4, error_message = $5, updated_at = now()
        WHERE id = $1 AND claimed_by = $2 AND attempts = $3 AND status = 'publishing' RETURNING *) SELECT * FROM u`,
      [f.id, f.claimedBy, f.attempts, code, message],
    );
    return rows.length > 0;
  }

  async markFailed(f: ClaimFence, code: string, message: string): Promise<ScheduleItemEntity | null> {
    const [row] = await this.rows(
      `WITH u AS (UPDATE publishing.schedule_item SET status = 'failed', error_code = $4, error_message = $5, updated_at = now()
        WHERE id = $1 AND claimed_by = $2 AND attempts = $3 AND status = 'publishing' RETURNING *) SELECT * FROM u`,
      [f.id, f.claimedBy, f.attempts, code, message],
    );
    return row ?? null;
  }

  /**
   * Puts a claimed item back to wait: `scheduled` after a definite failure (the platform refused,
   * nothing was posted), `unknown` when the post may exist (the next claim reconciles first).
   */
  async release(f: ClaimFence, status: 'scheduled' | 'unknown', retryAt: Date, code: string, message: string): Promise<boolean> {
    const rows = await this.rows(
      `WITH u AS (UPDATE publishing.schedule_item SET status = $4, due_at = $5, error_code = $6, error_message = $7, updated_at = now()
        WHERE id = $1 AND claimed_by = $2 AND attempts = $3 AND status = 'publishing' RETURNING *) SELECT * FROM u`,
      [f.id, f.claimedBy, f.attempts, status, retryAt, code, message],
    );
    return rows.length > 0;
  }

  /** How many items of a brand are in each status (tests and the benchmark count with it). */
  async countByStatus(brandId: string): Promise<Record<string, number>> {
    const raw: { status: string; n: string }[] = await this.uow
      .manager()
      .query(`SELECT status, count(*)::text AS n FROM publishing.schedule_item WHERE brand_id = $1 GROUP BY status`, [brandId]);
    return Object.fromEntries(raw.map((r) => [r.status, Number(r.n)]));
  }
}

function fromRow(r: Record<string, unknown>): Partial<ScheduleItemEntity> {
  const date = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));
  return {
    id: r.id as string,
    brandId: r.brand_id as string,
    contentId: r.content_id as string,
    connectionId: r.connection_id as string,
    platform: r.platform as string,
    at: date(r.at) as Date,
    status: r.status as ScheduleItemEntity['status'],
    dueAt: date(r.due_at) as Date,
    attempts: Number(r.attempts),
    claimedBy: (r.claimed_by as string | null) ?? null,
    reconcileFirst: r.reconcile_first === true,
    idempotencyKey: r.idempotency_key as string,
    body: r.body as string,
    hashtags: (typeof r.hashtags === 'string' ? JSON.parse(r.hashtags) : r.hashtags) as string[],
    variantId: (r.variant_id as string | null) ?? null,
    abTestId: (r.ab_test_id as string | null) ?? null,
    externalId: (r.external_id as string | null) ?? null,
    url: (r.url as string | null) ?? null,
    errorCode: (r.error_code as string | null) ?? null,
    errorMessage: (r.error_message as string | null) ?? null,
    publishedAt: date(r.published_at),
    createdBy: (r.created_by as string | null) ?? null,
    queued: r.queued === true,
    mediaIds:
      r.media_ids === null || r.media_ids === undefined ? null : ((typeof r.media_ids === 'string' ? JSON.parse(r.media_ids) : r.media_ids) as string[]),
    ownBody: r.own_body === true,
    platformState:
      r.platform_state === null || r.platform_state === undefined
        ? null
        : ((typeof r.platform_state === 'string' ? JSON.parse(r.platform_state) : r.platform_state) as Record<string, unknown>),
    createdAt: date(r.created_at) as Date,
    updatedAt: date(r.updated_at) as Date,
  };
}
