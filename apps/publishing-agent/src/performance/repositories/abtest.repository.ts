import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';
import type { AbTestEntity, AbTestVariantEntity } from '../entities/abtest.entity';

export type AbTestWithVariants = AbTestEntity & { variants: AbTestVariantEntity[] };

interface AbTestRow {
  id: string;
  brand_id: string;
  content_id: string;
  connection_id: string;
  platform: string;
  status: AbTestEntity['status'];
  winner_variant_id: string | null;
  decided_by: AbTestEntity['decidedBy'];
  probability_winner: string | null;
  concluded_at: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}
interface VariantRow {
  abtest_id: string;
  label: 'A' | 'B';
  variant_id: string;
  slot_at: Date;
  schedule_id: string | null;
}

const toTest = (r: AbTestRow, variants: VariantRow[]): AbTestWithVariants => ({
  id: r.id,
  brandId: r.brand_id,
  contentId: r.content_id,
  connectionId: r.connection_id,
  platform: r.platform,
  status: r.status,
  winnerVariantId: r.winner_variant_id,
  decidedBy: r.decided_by,
  probabilityWinner: r.probability_winner,
  concludedAt: r.concluded_at ? new Date(r.concluded_at) : null,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
  variants: variants
    .filter((v) => v.abtest_id === r.id)
    .sort((a, b) => a.label.localeCompare(b.label))
    .map((v) => ({ abTestId: v.abtest_id, label: v.label, variantId: v.variant_id, slotAt: new Date(v.slot_at), scheduleId: v.schedule_id })),
});

export interface NewAbTest {
  /** Chosen before scheduling: the schedule items carry it. */
  id: string;
  brandId: string;
  contentId: string;
  connectionId: string;
  platform: string;
  createdBy: string;
  variants: { label: 'A' | 'B'; variantId: string; slotAt: Date; scheduleId: string | null }[];
}

@Injectable()
export class AbTestRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async insert(t: NewAbTest): Promise<string> {
    const id = t.id;
    await this.uow
      .manager()
      .query(`INSERT INTO publishing.abtest (id, brand_id, content_id, connection_id, platform, created_by) VALUES ($1, $2, $3, $4, $5, $6)`, [
        id,
        t.brandId,
        t.contentId,
        t.connectionId,
        t.platform,
        t.createdBy,
      ]);
    for (const v of t.variants) {
      await this.uow
        .manager()
        .query(`INSERT INTO publishing.abtest_variant (abtest_id, label, variant_id, slot_at, schedule_id) VALUES ($1, $2, $3, $4, $5)`, [
          id,
          v.label,
          v.variantId,
          v.slotAt,
          v.scheduleId,
        ]);
    }
    return id;
  }

  async find(id: string): Promise<AbTestWithVariants | null> {
    const rows: AbTestRow[] = await this.uow.manager().query(`SELECT * FROM publishing.abtest WHERE id = $1`, [id]);
    if (!rows[0]) return null;
    return toTest(rows[0], await this.variantsOf([id]));
  }

  async listByContent(contentId: string): Promise<AbTestWithVariants[]> {
    const rows: AbTestRow[] = await this.uow
      .manager()
      .query(`SELECT * FROM publishing.abtest WHERE content_id = $1 ORDER BY created_at DESC, id DESC LIMIT 100`, [contentId]);
    const variants = await this.variantsOf(rows.map((r) => r.id));
    return rows.map((r) => toTest(r, variants));
  }

  async listRunning(brandId: string): Promise<AbTestWithVariants[]> {
    const rows: AbTestRow[] = await this.uow
      .manager()
      .query(`SELECT * FROM publishing.abtest WHERE brand_id = $1 AND status = 'running' ORDER BY created_at`, [brandId]);
    const variants = await this.variantsOf(rows.map((r) => r.id));
    return rows.map((r) => toTest(r, variants));
  }

  /** The running test of a content on a connection, if any (its variants' posts are placed per content and connection). */
  async runningFor(contentId: string, connectionId: string): Promise<string | null> {
    const rows: { id: string }[] = await this.uow
      .manager()
      .query(`SELECT id FROM publishing.abtest WHERE content_id = $1 AND connection_id = $2 AND status = 'running' LIMIT 1`, [contentId, connectionId]);
    return rows[0]?.id ?? null;
  }

  /** Only a running test concludes, once: a second evaluation finds it concluded and changes nothing. */
  async conclude(id: string, winnerVariantId: string, decidedBy: 'probability' | 'sample', probability: number): Promise<boolean> {
    const rows: unknown[] = await this.uow.manager().query(
      `UPDATE publishing.abtest SET status = 'concluded', winner_variant_id = $2, decided_by = $3, probability_winner = $4,
         concluded_at = now(), updated_at = now() WHERE id = $1 AND status = 'running' RETURNING id`,
      [id, winnerVariantId, decidedBy, probability.toFixed(5)],
    );
    const list = Array.isArray(rows[0]) ? (rows[0] as unknown[]) : rows;
    return list.length > 0;
  }

  private async variantsOf(ids: string[]): Promise<VariantRow[]> {
    if (ids.length === 0) return [];
    return this.uow.manager().query(`SELECT * FROM publishing.abtest_variant WHERE abtest_id = ANY($1)`, [ids]);
  }
}
