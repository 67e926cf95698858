import { Injectable } from '@nestjs/common';
import { type AdSetStatus, type PacingFlag, UnitOfWork } from '@mt/messages';
import type { AdSetEntity } from '../entities/adset.entity';
import { dateOnly } from '../../date-only';

interface AdSetRow {
  id: string;
  campaign_id: string;
  brand_id: string;
  name: string;
  platform: string;
  daily_budget: string;
  total_budget: string;
  start_date: string | Date | null;
  end_date: string | Date | null;
  status: AdSetStatus;
  flags: PacingFlag[];
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const toEntity = (r: AdSetRow): AdSetEntity => ({
  id: r.id,
  campaignId: r.campaign_id,
  brandId: r.brand_id,
  name: r.name,
  platform: r.platform,
  dailyBudget: String(r.daily_budget),
  totalBudget: String(r.total_budget),
  startDate: r.start_date ? dateOnly(r.start_date) : null,
  endDate: r.end_date ? dateOnly(r.end_date) : null,
  status: r.status,
  flags: r.flags ?? [],
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

export type AdSetWrite = Pick<AdSetEntity, 'name' | 'platform' | 'dailyBudget' | 'totalBudget' | 'startDate' | 'endDate' | 'status' | 'flags'>;

@Injectable()
export class AdSetRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async insert(v: AdSetWrite & { campaignId: string; brandId: string; createdBy: string }): Promise<AdSetEntity> {
    const rows: AdSetRow[] = await this.uow.manager().query(
      `INSERT INTO publishing.adset (campaign_id, brand_id, name, platform, daily_budget, total_budget, start_date, end_date, status, flags, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
      [v.campaignId, v.brandId, v.name, v.platform, v.dailyBudget, v.totalBudget, v.startDate, v.endDate, v.status, JSON.stringify(v.flags), v.createdBy],
    );
    return toEntity(rows[0]);
  }

  async find(id: string, lock = false): Promise<AdSetEntity | null> {
    const rows: AdSetRow[] = await this.uow.manager().query(`SELECT * FROM publishing.adset WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ? toEntity(rows[0]) : null;
  }

  async listByCampaign(campaignId: string): Promise<AdSetEntity[]> {
    const rows: AdSetRow[] = await this.uow.manager().query(`SELECT * FROM publishing.adset WHERE campaign_id = $1 ORDER BY created_at, id`, [campaignId]);
    return rows.map(toEntity);
  }

  async update(id: string, v: AdSetWrite): Promise<AdSetEntity> {
    const rows: unknown[] = await this.uow.manager().query(
      `UPDATE publishing.adset SET name = $2, platform = $3, daily_budget = $4, total_budget = $5, start_date = $6, end_date = $7,
         status = $8, flags = $9, updated_at = now() WHERE id = $1 RETURNING *`,
      [id, v.name, v.platform, v.dailyBudget, v.totalBudget, v.startDate, v.endDate, v.status, JSON.stringify(v.flags)],
    );
    const list = (Array.isArray(rows[0]) ? rows[0] : rows) as AdSetRow[];
    return toEntity(list[0]);
  }

  async addSpend(adSetId: string, day: string, amount: string, by: string): Promise<void> {
    await this.uow
      .manager()
      .query(`INSERT INTO publishing.adset_spend (adset_id, day, amount, recorded_by) VALUES ($1, $2, $3, $4)`, [adSetId, day, amount, by]);
  }

  /** Spend per day, in cents. */
  async spendByDay(adSetId: string): Promise<Map<string, number>> {
    const rows: { day: string | Date; cents: string }[] = await this.uow
      .manager()
      .query(`SELECT day, SUM(ROUND(amount * 100))::bigint AS cents FROM publishing.adset_spend WHERE adset_id = $1 GROUP BY day`, [adSetId]);
    return new Map(rows.map((r) => [dateOnly(r.day), Number(r.cents)]));
  }
}
