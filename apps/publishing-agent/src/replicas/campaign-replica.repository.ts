import { Injectable } from '@nestjs/common';
import { type Campaign, UnitOfWork } from '@mt/messages';
import { type ReplicaTable, tombstone, upsertLatest } from '@mt/replicas';
import { dateOnly } from '../date-only';
import type { CampaignReplicaEntity } from './replicas.entities';

interface CampaignRow {
  id: string;
  brand_id: string;
  name: string;
  start_date: string | Date;
  end_date: string | Date;
  platforms: string[];
  source_updated_at: Date;
  deleted_at: Date | null;
  created_at: Date;
}

const CAMPAIGN: ReplicaTable = { table: 'publishing.campaign_replica', key: ['id'], freshness: 'source_updated_at', tombstone: true };

/** publishing-agent's replica of strategy-agent's campaigns (ADR 173): ad sets need their brand and dates. */
@Injectable()
export class CampaignReplicaRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async upsert(c: Campaign): Promise<void> {
    await upsertLatest(
      this.uow.manager(),
      CAMPAIGN,
      {
        id: c.id,
        brand_id: c.brandId,
        name: c.name,
        start_date: c.startDate,
        end_date: c.endDate,
        platforms: c.platforms ?? [],
        source_updated_at: c.updatedAt,
      },
      { insertOnly: ['brand_id'] },
    );
  }

  markDeleted(id: string): Promise<void> {
    return tombstone(this.uow.manager(), CAMPAIGN, { id });
  }

  /** The platforms of the brand's live campaigns, most used first. */
  async platformsOfBrand(brandId: string): Promise<string[]> {
    const rows: { platform: string }[] = await this.uow.manager().query(
      `SELECT p AS platform FROM publishing.campaign_replica, unnest(platforms) AS p
       WHERE brand_id = $1 AND deleted_at IS NULL GROUP BY p ORDER BY count(*) DESC, p`,
      [brandId],
    );
    return rows.map((r) => r.platform);
  }

  /** The campaign as last announced (check `deletedAt`), or null when never heard of. */
  async find(id: string): Promise<CampaignReplicaEntity | null> {
    const rows: CampaignRow[] = await this.uow.manager().query(`SELECT * FROM publishing.campaign_replica WHERE id = $1`, [id]);
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      brandId: r.brand_id,
      name: r.name,
      startDate: dateOnly(r.start_date),
      endDate: dateOnly(r.end_date),
      platforms: r.platforms ?? [],
      sourceUpdatedAt: new Date(r.source_updated_at),
      deletedAt: r.deleted_at ? new Date(r.deleted_at) : null,
      createdAt: new Date(r.created_at),
    };
  }
}
