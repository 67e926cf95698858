import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';

/** A post's target as stored (ADR 186): null fields follow the content. */
export interface ContentTargetRow {
  contentId: string;
  connectionId: string;
  brandId: string;
  platform: string;
  position: number;
  body: string | null;
  mediaIds: string[] | null;
  at: Date | null;
}

@Injectable()
export class ContentTargetRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private q<T = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]> {
    return this.uow.manager().query(sql, params);
  }

  /** Serialises changes to one post's targets (a set racing a schedule of the same post). */
  async lock(contentId: string): Promise<void> {
    await this.q(`SELECT pg_advisory_xact_lock(hashtextextended($1, 186))`, [`targets:${contentId}`]);
  }

  async ofContent(contentId: string): Promise<ContentTargetRow[]> {
    return (await this.q(`SELECT * FROM publishing.content_target WHERE content_id = $1 ORDER BY position`, [contentId])).map(toRow);
  }

  async ofContents(contentIds: string[]): Promise<ContentTargetRow[]> {
    if (contentIds.length === 0) return [];
    return (await this.q(`SELECT * FROM publishing.content_target WHERE content_id = ANY($1::uuid[]) ORDER BY content_id, position`, [contentIds])).map(toRow);
  }

  /** Replaces the post's targets, in this order (an empty list removes them). */
  async replace(contentId: string, brandId: string, targets: Omit<ContentTargetRow, 'contentId' | 'brandId' | 'position'>[], by: string | null): Promise<void> {
    await this.q(`DELETE FROM publishing.content_target WHERE content_id = $1`, [contentId]);
    for (const [position, t] of targets.entries()) {
      await this.q(
        `INSERT INTO publishing.content_target (content_id, connection_id, brand_id, platform, position, body, media_ids, at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [contentId, t.connectionId, brandId, t.platform, position, t.body, t.mediaIds ? JSON.stringify(t.mediaIds) : null, t.at, by],
      );
    }
  }
}

function toRow(r: Record<string, unknown>): ContentTargetRow {
  const media = r.media_ids === null || r.media_ids === undefined ? null : typeof r.media_ids === 'string' ? JSON.parse(r.media_ids) : r.media_ids;
  return {
    contentId: r.content_id as string,
    connectionId: r.connection_id as string,
    brandId: r.brand_id as string,
    platform: r.platform as string,
    position: Number(r.position),
    body: (r.body as string | null) ?? null,
    mediaIds: media as string[] | null,
    at: r.at === null || r.at === undefined ? null : r.at instanceof Date ? r.at : new Date(String(r.at)),
  };
}
