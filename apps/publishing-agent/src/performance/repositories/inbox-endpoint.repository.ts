import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';
import type { InboxEndpointEntity } from '../entities/inbox-endpoint.entity';

interface EndpointRow {
  connection_id: string;
  brand_id: string;
  channel: string;
  secret: string;
  created_by: string;
  created_at: Date;
}

@Injectable()
export class InboxEndpointRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** `secret` is stored sealed (crypto/webhook-secrets.ts). Minting again rotates the secret: the old one stops verifying at once. */
  async upsert(e: Omit<InboxEndpointEntity, 'createdAt'>): Promise<InboxEndpointEntity> {
    const rows: EndpointRow[] = await this.uow.manager().query(
      `INSERT INTO publishing.inbox_endpoint (connection_id, brand_id, channel, secret, created_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (connection_id) DO UPDATE SET secret = EXCLUDED.secret, channel = EXCLUDED.channel, created_by = EXCLUDED.created_by, created_at = now()
       RETURNING *`,
      [e.connectionId, e.brandId, e.channel, e.secret, e.createdBy],
    );
    return toEntity(rows[0]);
  }

  /** Replaces the stored secret with `next` unless it changed since it was read as `was` (a rotation wins). */
  async replaceSecret(connectionId: string, was: string, next: string): Promise<void> {
    await this.uow.manager().query(`UPDATE publishing.inbox_endpoint SET secret = $3 WHERE connection_id = $1 AND secret = $2`, [connectionId, was, next]);
  }

  async find(connectionId: string): Promise<InboxEndpointEntity | null> {
    const rows: EndpointRow[] = await this.uow.manager().query(`SELECT * FROM publishing.inbox_endpoint WHERE connection_id = $1`, [connectionId]);
    return rows[0] ? toEntity(rows[0]) : null;
  }
}

function toEntity(r: EndpointRow): InboxEndpointEntity {
  return {
    connectionId: r.connection_id,
    brandId: r.brand_id,
    channel: r.channel,
    secret: r.secret,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
  };
}
