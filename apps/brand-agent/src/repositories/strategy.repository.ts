import { Injectable } from '@nestjs/common';
import { type BrandStrategy, type BrandStrategyFields, UnitOfWork } from '@mt/messages';
import { type Keyset, utcKeySql } from '@mt/runtime';

interface StrategyRow {
  id: string;
  brand_id: string;
  version: number;
  strategy: BrandStrategyFields;
  source: 'ai' | 'user';
  created_by: string | null;
  job_id: string | null;
  created_at: Date;
  created_key: string;
}

const COLUMNS = `id, brand_id, version, strategy, source, created_by, job_id, created_at, ${utcKeySql('created_at')} AS created_key`;

/** A brand strategy's versions: inserted, never updated; the newest is the strategy. */
@Injectable()
export class StrategyRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async latest(brandId: string): Promise<BrandStrategy | null> {
    const rows: StrategyRow[] = await this.uow
      .manager()
      .query(`SELECT ${COLUMNS} FROM "brand".brand_strategy WHERE brand_id = $1 ORDER BY version DESC LIMIT 1`, [brandId]);
    return rows[0] ? toStrategy(rows[0]) : null;
  }

  async byJob(jobId: string): Promise<BrandStrategy | null> {
    const rows: StrategyRow[] = await this.uow.manager().query(`SELECT ${COLUMNS} FROM "brand".brand_strategy WHERE job_id = $1`, [jobId]);
    return rows[0] ? toStrategy(rows[0]) : null;
  }

  async insert(
    brandId: string,
    v: { version: number; strategy: BrandStrategyFields; source: 'ai' | 'user'; createdBy: string | null; jobId: string | null },
  ): Promise<BrandStrategy> {
    const rows: StrategyRow[] = await this.uow.manager().query(
      `INSERT INTO "brand".brand_strategy (brand_id, version, strategy, source, created_by, job_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [brandId, v.version, JSON.stringify(v.strategy), v.source, v.createdBy, v.jobId],
    );
    return toStrategy(rows[0]);
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async page(brandId: string, limit: number, after: Keyset | null): Promise<(BrandStrategy & Keyset)[]> {
    const params: unknown[] = [brandId, limit];
    let keyset = '';
    if (after) {
      params.push(after.createdKey, after.id);
      keyset = 'AND (created_at, id) < ($3::timestamptz, $4::uuid)';
    }
    const rows: StrategyRow[] = await this.uow
      .manager()
      .query(`SELECT ${COLUMNS} FROM "brand".brand_strategy WHERE brand_id = $1 ${keyset} ORDER BY created_at DESC, id DESC LIMIT $2`, params);
    return rows.map((r) => ({ ...toStrategy(r), id: r.id, createdKey: r.created_key }));
  }
}

function toStrategy(r: StrategyRow): BrandStrategy {
  return {
    brandId: r.brand_id,
    version: r.version,
    ...r.strategy,
    source: r.source,
    createdBy: r.created_by,
    jobId: r.job_id,
    createdAt: new Date(r.created_at).toISOString(),
  };
}
