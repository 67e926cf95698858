import { Injectable } from '@nestjs/common';
import { type Content, UnitOfWork } from '@mt/messages';
import { ContentCopyEntity } from '../entities/scheduling.entities';

@Injectable()
export class ContentCopyRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager().getRepository(ContentCopyEntity);
  }

  /** A live (not deleted) copy, or null. */
  findLive(contentId: string): Promise<ContentCopyEntity | null> {
    return this.repo.createQueryBuilder('c').where('c.content_id = :contentId AND c.deleted_at IS NULL', { contentId }).getOne();
  }

  /**
   * Keeps the newest state of a content (by its updatedAt): events may arrive out of order, and
   * an older one must not undo an approval or an edit. At the same updatedAt (a post approved in
   * the instant it was written) an unapproved state never replaces an approved one. Returns the stored copy, or null when the
   * event was older than what is kept (or the content was deleted).
   */
  async upsert(c: Content): Promise<ContentCopyEntity | null> {
    const raw: { content_id: string }[] = await this.uow.manager().query(
      `INSERT INTO publishing.content_copy
         (content_id, brand_id, calendar_entry_id, platform, status, body, hashtags, variants, approved_at, content_updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (content_id) DO UPDATE SET
         calendar_entry_id = EXCLUDED.calendar_entry_id, platform = EXCLUDED.platform, status = EXCLUDED.status,
         body = EXCLUDED.body, hashtags = EXCLUDED.hashtags, variants = EXCLUDED.variants,
         approved_at = EXCLUDED.approved_at, content_updated_at = EXCLUDED.content_updated_at
       WHERE publishing.content_copy.deleted_at IS NULL
         AND (publishing.content_copy.content_updated_at < EXCLUDED.content_updated_at
           OR (publishing.content_copy.content_updated_at = EXCLUDED.content_updated_at
             AND NOT (publishing.content_copy.status IN ('approved', 'scheduled', 'published', 'failed')
               AND EXCLUDED.status NOT IN ('approved', 'scheduled', 'published', 'failed'))))
       RETURNING content_id`,
      [
        c.id,
        c.brandId,
        c.calendarEntryId,
        c.platform,
        c.status,
        c.body,
        JSON.stringify(c.hashtags ?? []),
        JSON.stringify(c.variants ?? []),
        c.approvedAt,
        c.updatedAt,
      ],
    );
    return raw.length > 0 ? this.findLive(c.id) : null;
  }

  /** Live copies of content written for these calendar entries. */
  findByEntries(entryIds: string[]): Promise<ContentCopyEntity[]> {
    if (entryIds.length === 0) return Promise.resolve([]);
    return this.repo.createQueryBuilder('c').where('c.calendar_entry_id IN (:...entryIds) AND c.deleted_at IS NULL', { entryIds }).getMany();
  }

  /** True only for a copy that exists and was deleted (items scheduled without a copy are not judged). */
  async isDeleted(contentId: string): Promise<boolean> {
    const rows: unknown[] = await this.uow
      .manager()
      .query(`SELECT 1 FROM publishing.content_copy WHERE content_id = $1 AND deleted_at IS NOT NULL`, [contentId]);
    return rows.length > 0;
  }

  async markDeleted(contentId: string): Promise<void> {
    await this.uow.manager().query(`UPDATE publishing.content_copy SET deleted_at = now() WHERE content_id = $1 AND deleted_at IS NULL`, [contentId]);
  }
}
