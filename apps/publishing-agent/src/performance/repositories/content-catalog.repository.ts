import { Injectable } from '@nestjs/common';
import { type Content, UnitOfWork } from '@mt/messages';
import type { CatalogVariant, ContentCatalogEntity } from '../entities/content-catalog.entity';

interface CatalogRow {
  content_id: string;
  brand_id: string;
  campaign_id: string | null;
  platform: string;
  status: string;
  body: string;
  topic: string | null;
  pillar: string | null;
  format: string | null;
  variants: CatalogVariant[];
  deleted: boolean;
  source_updated_at: Date;
  created_at: Date;
}

const toEntity = (r: CatalogRow): ContentCatalogEntity => ({
  contentId: r.content_id,
  brandId: r.brand_id,
  campaignId: r.campaign_id,
  platform: r.platform,
  status: r.status,
  body: r.body,
  topic: r.topic,
  pillar: r.pillar,
  format: r.format,
  variants: r.variants ?? [],
  deleted: r.deleted,
  sourceUpdatedAt: new Date(r.source_updated_at),
  createdAt: new Date(r.created_at),
});

@Injectable()
export class ContentCatalogRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** Keeps the newest version of a piece (by its updatedAt): events may arrive out of order. */
  async upsert(c: Content): Promise<void> {
    await this.uow.manager().query(
      `INSERT INTO publishing.content_catalog
         (content_id, brand_id, campaign_id, platform, status, body, topic, pillar, format, variants, source_updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (content_id) DO UPDATE SET
         campaign_id = EXCLUDED.campaign_id, platform = EXCLUDED.platform, status = EXCLUDED.status, body = EXCLUDED.body,
         topic = EXCLUDED.topic, pillar = EXCLUDED.pillar, format = EXCLUDED.format, variants = EXCLUDED.variants,
         source_updated_at = EXCLUDED.source_updated_at
       WHERE publishing.content_catalog.source_updated_at <= EXCLUDED.source_updated_at`,
      [
        c.id,
        c.brandId,
        c.campaignId,
        c.platform,
        c.status,
        c.body,
        c.topic,
        c.pillar,
        c.format,
        JSON.stringify(c.variants.map((v) => ({ id: v.id, body: v.body, hashtags: v.hashtags }))),
        c.updatedAt,
      ],
    );
  }

  async markDeleted(contentId: string): Promise<void> {
    await this.uow.manager().query(`UPDATE publishing.content_catalog SET deleted = true WHERE content_id = $1`, [contentId]);
  }

  async find(contentId: string): Promise<ContentCatalogEntity | null> {
    const rows: CatalogRow[] = await this.uow.manager().query(`SELECT * FROM publishing.content_catalog WHERE content_id = $1 AND NOT deleted`, [contentId]);
    return rows[0] ? toEntity(rows[0]) : null;
  }

  async findMany(contentIds: string[]): Promise<ContentCatalogEntity[]> {
    if (contentIds.length === 0) return [];
    const rows: CatalogRow[] = await this.uow
      .manager()
      .query(`SELECT * FROM publishing.content_catalog WHERE content_id = ANY($1) AND NOT deleted`, [contentIds]);
    return rows.map(toEntity);
  }
}
