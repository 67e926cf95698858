import { Injectable } from '@nestjs/common';
import { type Campaign, UnitOfWork } from '@mt/messages';
import type { CampaignCopyEntity } from '../entities/campaign-copy.entity';

interface CampaignRow {
  id: string;
  brand_id: string;
  name: string;
  start_date: string | Date;
  end_date: string | Date;
  platforms: string[];
  deleted: boolean;
  source_updated_at: Date;
  created_at: Date;
}

/**
 * A `date` column as YYYY-MM-DD. node-postgres parses it into a Date at LOCAL midnight (other
 * drivers answer the text): read the local calendar fields, never toISOString, which shifts the
 * day east of UTC.
 */
export function dateOnly(d: string | Date): string {
  if (typeof d === 'string') return d.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

@Injectable()
export class CampaignCopyRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async upsert(c: Campaign): Promise<void> {
    await this.uow.manager().query(
      `INSERT INTO publishing.campaign_copy (id, brand_id, name, start_date, end_date, platforms, source_updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date,
         platforms = EXCLUDED.platforms, source_updated_at = EXCLUDED.source_updated_at
       WHERE publishing.campaign_copy.source_updated_at <= EXCLUDED.source_updated_at AND NOT publishing.campaign_copy.deleted`,
      [c.id, c.brandId, c.name, c.startDate, c.endDate, c.platforms ?? [], c.updatedAt],
    );
  }

  async markDeleted(id: string): Promise<void> {
    await this.uow.manager().query(`UPDATE publishing.campaign_copy SET deleted = true WHERE id = $1`, [id]);
  }

  /** The platforms of the brand's live campaigns, most used first. */
  async platformsOfBrand(brandId: string): Promise<string[]> {
    const rows: { platform: string }[] = await this.uow.manager().query(
      `SELECT p AS platform FROM publishing.campaign_copy, unnest(platforms) AS p
       WHERE brand_id = $1 AND NOT deleted GROUP BY p ORDER BY count(*) DESC, p`,
      [brandId],
    );
    return rows.map((r) => r.platform);
  }

  /** The campaign as last announced (check `deleted`), or null when never heard of. */
  async find(id: string): Promise<CampaignCopyEntity | null> {
    const rows: CampaignRow[] = await this.uow.manager().query(`SELECT * FROM publishing.campaign_copy WHERE id = $1`, [id]);
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      brandId: r.brand_id,
      name: r.name,
      startDate: dateOnly(r.start_date),
      endDate: dateOnly(r.end_date),
      platforms: r.platforms ?? [],
      deleted: r.deleted,
      sourceUpdatedAt: new Date(r.source_updated_at),
      createdAt: new Date(r.created_at),
    };
  }
}
