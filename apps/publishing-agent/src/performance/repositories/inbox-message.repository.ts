import { Injectable } from '@nestjs/common';
import { type AiMeta, type InboxIntent, type InboxMessage, type InboxMessageStatus, type InboxSentiment, UnitOfWork } from '@mt/messages';
import { type Keyset, utcKeySql } from '@mt/runtime';

interface MessageRow {
  id: string;
  brand_id: string;
  channel: string;
  author: string;
  body: string;
  status: InboxMessageStatus;
  intent: InboxIntent | null;
  sentiment: InboxSentiment | null;
  draft: string | null;
  reply_body: string | null;
  replied_by: string | null;
  replied_at: Date | null;
  received_at: Date;
  created_key: string;
}

export type MessageWithKey = InboxMessage & { createdKey: string };

const COLUMNS = `id, brand_id, channel, author, body, status, intent, sentiment, draft, reply_body, replied_by, replied_at, received_at,
  ${utcKeySql('created_at')} AS created_key`;

const toMessage = (r: MessageRow): MessageWithKey => ({
  id: r.id,
  brandId: r.brand_id,
  channel: r.channel,
  author: r.author,
  body: r.body,
  status: r.status,
  intent: r.intent,
  sentiment: r.sentiment,
  draft: r.draft,
  reply: r.reply_body && r.replied_at ? { body: r.reply_body, by: r.replied_by ?? '', at: new Date(r.replied_at).toISOString(), sent: false } : null,
  receivedAt: new Date(r.received_at).toISOString(),
  createdKey: r.created_key,
});

export interface NewMessage {
  brandId: string;
  channel: string;
  author: string;
  body: string;
  connectionId?: string | null;
  externalId?: string | null;
}

/** UPDATE … RETURNING answers [rows, count] through TypeORM's PostgreSQL driver. */
function returned<T>(result: unknown): T[] {
  const rows = result as unknown[];
  return (Array.isArray(rows[0]) ? rows[0] : rows) as T[];
}

@Injectable()
export class InboxMessageRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** Null when a message of the same connection and external id is already stored (a retried webhook). */
  async insert(m: NewMessage): Promise<MessageWithKey | null> {
    const rows: MessageRow[] = await this.uow.manager().query(
      `INSERT INTO publishing.inbox_message (brand_id, channel, author, body, connection_id, external_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (connection_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
       RETURNING ${COLUMNS}`,
      [m.brandId, m.channel, m.author, m.body, m.connectionId ?? null, m.externalId ?? null],
    );
    return rows[0] ? toMessage(rows[0]) : null;
  }

  async find(id: string): Promise<MessageWithKey | null> {
    const rows: MessageRow[] = await this.uow.manager().query(`SELECT ${COLUMNS} FROM publishing.inbox_message WHERE id = $1`, [id]);
    return rows[0] ? toMessage(rows[0]) : null;
  }

  async findExternal(connectionId: string, externalId: string): Promise<MessageWithKey | null> {
    const rows: MessageRow[] = await this.uow
      .manager()
      .query(`SELECT ${COLUMNS} FROM publishing.inbox_message WHERE connection_id = $1 AND external_id = $2`, [connectionId, externalId]);
    return rows[0] ? toMessage(rows[0]) : null;
  }

  /** Newest first, keyset-paginated by (created_at, id). */
  async listByBrand(brandId: string, status: InboxMessageStatus | undefined, limit: number, after: Keyset | null): Promise<MessageWithKey[]> {
    const params: unknown[] = [brandId, limit];
    let where = 'brand_id = $1';
    if (status) {
      params.push(status);
      where += ` AND status = $${params.length}`;
    }
    if (after) {
      params.push(after.createdKey, after.id);
      where += ` AND (created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    const rows: MessageRow[] = await this.uow
      .manager()
      .query(`SELECT ${COLUMNS} FROM publishing.inbox_message WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`, params);
    return rows.map(toMessage);
  }

  /** A draft never overwrites a sent reply. */
  async storeDraft(id: string, draft: { reply: string; intent: InboxIntent; sentiment: InboxSentiment; aiMeta: AiMeta }): Promise<MessageWithKey | null> {
    const rows = returned<MessageRow>(
      await this.uow.manager().query(
        `UPDATE publishing.inbox_message SET draft = $2, intent = $3, sentiment = $4, draft_meta = $5,
           status = CASE WHEN status = 'new' THEN 'drafted' ELSE status END, updated_at = now()
         WHERE id = $1 AND status <> 'replied' RETURNING ${COLUMNS}`,
        [id, draft.reply, draft.intent, draft.sentiment, JSON.stringify(draft.aiMeta)],
      ),
    );
    return rows[0] ? toMessage(rows[0]) : null;
  }

  async storeReply(id: string, body: string, by: string): Promise<MessageWithKey | null> {
    const rows = returned<MessageRow>(
      await this.uow.manager().query(
        `UPDATE publishing.inbox_message SET reply_body = $2, replied_by = $3, replied_at = now(), status = 'replied', updated_at = now()
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, body, by],
      ),
    );
    return rows[0] ? toMessage(rows[0]) : null;
  }
}
