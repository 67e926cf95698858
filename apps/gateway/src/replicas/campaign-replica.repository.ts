import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';
import { type ReplicaTable, upsertLatest } from '@mt/replicas';

const CAMPAIGN: ReplicaTable = { table: '"gateway".campaign_replica', key: ['id'], freshness: 'source_updated_at', tombstone: true };

/** A campaign's brand as the gateway last heard it; `deleted` once strategy-agent announced its deletion. */
export interface CampaignBrand {
  brandId: string;
  deleted: boolean;
}

/**
 * The gateway's replica of strategy-agent's campaigns (ADR 185): campaign id → brand id, so
 * `POST /campaigns/{id}/plan` checks the caller's role on the brand without asking strategy-agent.
 * A campaign never changes brand (`brand_id` is written once).
 */
@Injectable()
export class CampaignReplicaRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** A created or updated campaign, at its own change time; an older state never replaces a newer one. */
  async upsert(c: { id: string; brandId: string; updatedAt: string }): Promise<void> {
    await upsertLatest(this.uow.manager(), CAMPAIGN, { id: c.id, brand_id: c.brandId, source_updated_at: c.updatedAt }, { insertOnly: ['brand_id'] });
  }

  /**
   * A deleted campaign: a tombstone, written even when the creation has not arrived yet, so a late
   * creation cannot bring the campaign back.
   */
  async markDeleted(id: string, brandId: string, at: string): Promise<void> {
    await upsertLatest(this.uow.manager(), CAMPAIGN, { id, brand_id: brandId, source_updated_at: at, deleted_at: at }, { insertOnly: ['brand_id'] });
  }

  /**
   * What strategy-agent answered about a campaign the replica had not heard of: its brand, stored
   * as older than any event (the epoch) so every announcement replaces it.
   */
  async remember(id: string, brandId: string): Promise<void> {
    await upsertLatest(this.uow.manager(), CAMPAIGN, { id, brand_id: brandId, source_updated_at: new Date(0).toISOString() }, { insertOnly: ['brand_id'] });
  }

  /** The campaign's brand, or null when the gateway has never heard of it. */
  async find(id: string): Promise<CampaignBrand | null> {
    const rows: { brand_id: string; deleted_at: Date | null }[] = await this.uow
      .manager()
      .query(`SELECT brand_id, deleted_at FROM ${CAMPAIGN.table} WHERE id = $1`, [id]);
    return rows[0] ? { brandId: rows[0].brand_id, deleted: rows[0].deleted_at !== null } : null;
  }
}
