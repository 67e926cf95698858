import { Injectable } from '@nestjs/common';
import { type Content, UnitOfWork } from '@mt/messages';
import { type ReplicaTable, tombstone, upsertLatestReturning } from '@mt/replicas';
import { type CatalogVariant, ContentReplicaEntity } from './replicas.entities';

/** Statuses past approval: at the same updatedAt a state before approval never replaces one of them. */
const APPROVED = `('approved', 'scheduled', 'published', 'failed')`;

const CONTENT: ReplicaTable = { table: 'publishing.content_replica', key: ['content_id'], freshness: 'source_updated_at', tombstone: true };

/** A content as the performance part reads it: its variants' text only. */
export type CatalogContent = Omit<ContentReplicaEntity, 'variants'> & { variants: CatalogVariant[] };

/** A stored row as findLive's TypeORM read answers it (pg parses uuid, text, jsonb and timestamptz the same way). */
const fromRow = (r: Record<string, unknown>): ContentReplicaEntity =>
  Object.assign(new ContentReplicaEntity(), {
    contentId: r.content_id,
    brandId: r.brand_id,
    campaignId: r.campaign_id,
    calendarEntryId: r.calendar_entry_id,
    platform: r.platform,
    status: r.status,
    body: r.body,
    hashtags: r.hashtags,
    variants: r.variants,
    topic: r.topic,
    pillar: r.pillar,
    format: r.format,
    approvedAt: r.approved_at,
    sourceUpdatedAt: r.source_updated_at,
    deletedAt: r.deleted_at,
    createdAt: r.created_at,
  });

const toCatalog = (c: ContentReplicaEntity): CatalogContent => ({
  ...c,
  variants: (c.variants ?? []).map((v) => ({ id: v.id, body: v.body, hashtags: v.hashtags })),
});

/**
 * publishing-agent's one replica of creation-agent's content (ADR 173), fed by the scheduling
 * part's content handler and read by both parts.
 */
@Injectable()
export class ContentReplicaRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager().getRepository(ContentReplicaEntity);
  }

  /** A live (not deleted) copy, or null. */
  findLive(contentId: string): Promise<ContentReplicaEntity | null> {
    return this.repo.createQueryBuilder('c').where('c.content_id = :contentId AND c.deleted_at IS NULL', { contentId }).getOne();
  }

  /**
   * Keeps the newest state of a content (by its updatedAt): events may arrive out of order, and
   * an older one must not undo an approval or an edit. At the same updatedAt (a post approved in
   * the instant it was written) an unapproved state never replaces an approved one. Returns the stored copy, or null when the
   * event was older than what is kept (or the content was deleted). One statement: the write answers the
   * row it left (live: a tombstoned row is never written), so no read follows it.
   */
  async upsert(c: Content): Promise<ContentReplicaEntity | null> {
    return (await this.write(c, false))?.copy ?? null;
  }

  /**
   * upsert, also answering the brand's auto-approve setting (publishing_settings, false when the
   * brand has none) from the same statement: the created content's path read it right after.
   */
  async upsertReadingAutoApprove(c: Content): Promise<{ copy: ContentReplicaEntity; autoApprove: boolean } | null> {
    return this.write(c, true);
  }

  private async write(c: Content, readAutoApprove: boolean): Promise<{ copy: ContentReplicaEntity; autoApprove: boolean } | null> {
    const written = await upsertLatestReturning(
      this.uow.manager(),
      CONTENT,
      {
        content_id: c.id,
        brand_id: c.brandId,
        campaign_id: c.campaignId ?? null,
        calendar_entry_id: c.calendarEntryId ?? null,
        platform: c.platform,
        status: c.status,
        body: c.body,
        hashtags: JSON.stringify(c.hashtags ?? []),
        variants: JSON.stringify(c.variants ?? []),
        topic: c.topic ?? null,
        pillar: c.pillar ?? null,
        format: c.format ?? null,
        approved_at: c.approvedAt ?? null,
        source_updated_at: c.updatedAt,
      },
      {
        insertOnly: ['brand_id'],
        keepOnTie: (stored) => `${stored}.status IN ${APPROVED} AND EXCLUDED.status NOT IN ${APPROVED}`,
        ...(readAutoApprove
          ? {
              alsoReturning: (stored: string) =>
                `coalesce((SELECT s.auto_approve FROM publishing.publishing_settings s WHERE s.brand_id = ${stored}.brand_id), false) AS brand_auto_approve`,
            }
          : {}),
      },
    );
    return written ? { copy: fromRow(written), autoApprove: written.brand_auto_approve === true } : null;
  }

  /** Live copies of content written for these calendar entries. */
  findByEntries(entryIds: string[]): Promise<ContentReplicaEntity[]> {
    if (entryIds.length === 0) return Promise.resolve([]);
    // A plain select (once per plan), rows mapped as findLive's read maps them.
    return this.uow
      .manager()
      .query(`SELECT * FROM publishing.content_replica WHERE calendar_entry_id = ANY($1::uuid[]) AND deleted_at IS NULL`, [entryIds])
      .then((rows: Record<string, unknown>[]) => rows.map(fromRow));
  }

  /** True only for a copy that exists and was deleted (items scheduled without a copy are not judged). */
  async isDeleted(contentId: string): Promise<boolean> {
    const rows: unknown[] = await this.uow
      .manager()
      .query(`SELECT 1 FROM publishing.content_replica WHERE content_id = $1 AND deleted_at IS NOT NULL`, [contentId]);
    return rows.length > 0;
  }

  markDeleted(contentId: string): Promise<void> {
    return tombstone(this.uow.manager(), CONTENT, { content_id: contentId });
  }

  /** A live content as the performance part reads it, or null. */
  async find(contentId: string): Promise<CatalogContent | null> {
    const c = await this.findLive(contentId);
    return c ? toCatalog(c) : null;
  }

  async findMany(contentIds: string[]): Promise<CatalogContent[]> {
    if (contentIds.length === 0) return [];
    const rows = await this.repo.createQueryBuilder('c').where('c.content_id IN (:...contentIds) AND c.deleted_at IS NULL', { contentIds }).getMany();
    return rows.map(toCatalog);
  }
}
