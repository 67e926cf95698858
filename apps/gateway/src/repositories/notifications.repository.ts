import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';
import { type Keyset, utcKeySql } from '@mt/runtime';

export interface NewNotification {
  userId: string | null;
  brandId: string | null;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  data: Record<string, unknown>;
  dedupeKey: string;
}

export interface NotificationRow {
  id: string;
  userId: string | null;
  brandId: string | null;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
  createdKey: string;
}

interface RawRow {
  id: string;
  user_id: string | null;
  brand_id: string | null;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  data: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
  created_key: string;
}

/**
 * What a user may see: their own notifications, and the brand-wide ones of brands they are a
 * member of (the gateway's replica of brand.access.changed). $1 is the user.
 */
const VISIBLE = `(n.user_id = $1 OR (n.user_id IS NULL AND n.brand_id IN (
  SELECT a.brand_id FROM "gateway".brand_access_replica a WHERE a.user_id = $1 AND a.role IS NOT NULL)))`;

@Injectable()
export class NotificationsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The new notification's id; null when the same fact (dedupe key) was already notified. */
  async insert(n: NewNotification): Promise<string | null> {
    const rows: { id: string }[] = await this.uow.manager().query(
      `INSERT INTO "gateway".notification (user_id, brand_id, kind, title, body, link, data, dedupe_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [n.userId, n.brandId, n.kind, n.title, n.body, n.link, JSON.stringify(n.data), n.dedupeKey],
    );
    return rows[0]?.id ?? null;
  }

  /** Newest first, keyset-paginated by (created_at, id). */
  async listVisible(userId: string, unreadOnly: boolean, limit: number, after: Keyset | null): Promise<NotificationRow[]> {
    const params: unknown[] = [userId, limit];
    let where = VISIBLE;
    if (unreadOnly) where += ' AND r.read_at IS NULL';
    if (after) {
      params.push(after.createdKey, after.id);
      where += ` AND (n.created_at, n.id) < ($3::timestamptz, $4::uuid)`;
    }
    const rows: RawRow[] = await this.uow.manager().query(
      `SELECT n.*, r.read_at, ${utcKeySql('n.created_at')} AS created_key
       FROM "gateway".notification n
       LEFT JOIN "gateway".notification_read r ON r.notification_id = n.id AND r.user_id = $1
       WHERE ${where} ORDER BY n.created_at DESC, n.id DESC LIMIT $2`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      brandId: r.brand_id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      link: r.link,
      data: r.data ?? {},
      createdAt: new Date(r.created_at),
      readAt: r.read_at ? new Date(r.read_at) : null,
      createdKey: r.created_key,
    }));
  }

  async countUnread(userId: string): Promise<number> {
    const [row]: { n: string }[] = await this.uow.manager().query(
      `SELECT count(*) AS n FROM "gateway".notification n
       LEFT JOIN "gateway".notification_read r ON r.notification_id = n.id AND r.user_id = $1
       WHERE ${VISIBLE} AND r.read_at IS NULL`,
      [userId],
    );
    return Number(row?.n ?? 0);
  }

  /** False when the user cannot see that notification (or it does not exist). */
  async markRead(userId: string, id: string): Promise<boolean> {
    const visible: { id: string }[] = await this.uow.manager().query(`SELECT n.id FROM "gateway".notification n WHERE n.id = $2 AND ${VISIBLE}`, [userId, id]);
    if (visible.length === 0) return false;
    await this.uow.manager().query(`INSERT INTO "gateway".notification_read (notification_id, user_id) VALUES ($2, $1) ON CONFLICT DO NOTHING`, [userId, id]);
    return true;
  }

  async markAllRead(userId: string): Promise<number> {
    const rows: unknown = await this.uow.manager().query(
      `INSERT INTO "gateway".notification_read (notification_id, user_id)
       SELECT n.id, $1::uuid FROM "gateway".notification n
       LEFT JOIN "gateway".notification_read r ON r.notification_id = n.id AND r.user_id = $1
       WHERE ${VISIBLE} AND r.read_at IS NULL
       ON CONFLICT DO NOTHING RETURNING notification_id`,
      [userId],
    );
    const list = rows as unknown[];
    return (Array.isArray(list[0]) ? (list[0] as unknown[]) : list).length;
  }

  /** The job a job event is about: whose it is and what it was. */
  async jobOwner(jobId: string): Promise<{ userId: string; brandId: string | null; kind: string; status: string; attempts: number } | null> {
    const rows: { user_id: string; brand_id: string | null; kind: string; status: string; attempts: number }[] = await this.uow
      .manager()
      .query(`SELECT user_id, brand_id, kind, status, attempts FROM "gateway".job WHERE id = $1`, [jobId]);
    const r = rows[0];
    return r ? { userId: r.user_id, brandId: r.brand_id, kind: r.kind, status: r.status, attempts: r.attempts } : null;
  }
}
