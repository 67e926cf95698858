import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { type ContentStatus, UnitOfWork } from '@mt/messages';
import { type Keyset, utcKeySql } from '@mt/runtime';
import { ContentEntity } from '../entities/content.entity';

/** What a generation writes; the rest of a new row takes its defaults (draft, version 1). */
export type NewContent = Pick<
  ContentEntity,
  | 'brandId'
  | 'campaignId'
  | 'calendarEntryId'
  | 'jobId'
  | 'platform'
  | 'body'
  | 'hashtags'
  | 'topic'
  | 'pillar'
  | 'format'
  | 'variants'
  | 'selectedVariantId'
  | 'aiMeta'
  | 'createdBy'
>;

/** A content row with its exact keyset position (created_at to the microsecond). */
export type ContentWithKey = ContentEntity & { createdKey: string };

export interface ContentFilter {
  brandId: string;
  campaignId?: string;
  status?: ContentStatus;
  /** The open review requests naming this user. */
  reviewerId?: string;
}

@Injectable()
export class ContentRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager().getRepository(ContentEntity);
  }

  /** A live (not deleted) content; callers scope it by brand once the actor's access is known. */
  findLive(id: string): Promise<ContentEntity | null> {
    return this.repo.createQueryBuilder('c').where('c.id = :id AND c.deleted_at IS NULL', { id }).getOne();
  }

  findLiveByEntry(calendarEntryId: string): Promise<ContentEntity | null> {
    return this.repo.createQueryBuilder('c').where('c.calendar_entry_id = :calendarEntryId AND c.deleted_at IS NULL', { calendarEntryId }).getOne();
  }

  findByJob(jobId: string): Promise<ContentEntity | null> {
    return this.repo.findOne({ where: { jobId } });
  }

  /** Live drafts (never approved) written for the given calendar entries. */
  liveDraftsOfEntries(entryIds: string[]): Promise<ContentEntity[]> {
    if (entryIds.length === 0) return Promise.resolve([]);
    return this.repo
      .createQueryBuilder('c')
      .where({ calendarEntryId: In(entryIds) })
      .andWhere(`c.deleted_at IS NULL AND c.status = 'draft'`)
      .getMany();
  }

  /** Entries among `entryIds` that already have live content. */
  async entriesWithContent(entryIds: string[]): Promise<Set<string>> {
    if (entryIds.length === 0) return new Set();
    // A plain select (once per plan): no query building for one column.
    const rows: { entry: string }[] = await this.uow
      .manager()
      .query(`SELECT calendar_entry_id AS entry FROM creation.content WHERE calendar_entry_id = ANY($1::uuid[]) AND deleted_at IS NULL`, [entryIds]);
    return new Set(rows.map((r) => r.entry));
  }

  /** Newest first, keyset-paginated by (created_at, id). */
  async list(filter: ContentFilter, limit: number, after: Keyset | null): Promise<ContentWithKey[]> {
    const q = this.repo
      .createQueryBuilder('c')
      .addSelect(utcKeySql('c.created_at'), 'created_key')
      .where('c.brand_id = :brandId AND c.deleted_at IS NULL', { brandId: filter.brandId })
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit);
    if (filter.campaignId) q.andWhere('c.campaign_id = :campaignId', { campaignId: filter.campaignId });
    if (filter.status) q.andWhere('c.status = :status', { status: filter.status });
    // Only what still waits: a post approved by another path (auto-approval) leaves the queue.
    if (filter.reviewerId) q.andWhere(`c.review_reviewer_id = :reviewerId AND c.status IN ('draft', 'failed')`, { reviewerId: filter.reviewerId });
    if (after) q.andWhere('(c.created_at, c.id) < (CAST(:at AS timestamptz), CAST(:id AS uuid))', { at: after.createdKey, id: after.id });
    const { entities, raw } = await q.getRawAndEntities<{ created_key: string }>();
    return entities.map((e, i) => Object.assign(e, { createdKey: raw[i].created_key }));
  }

  /**
   * New generated content with its version 1, in ONE statement (the hot path of every plan), unless
   * the entry already has live content or the job already wrote one: null then, nothing written.
   * ON CONFLICT DO NOTHING makes a concurrent or redelivered generation write nothing twice. With
   * `whileEntryLive`, nothing is written either when the calendar entry is no longer in this agent's
   * copy of the calendar (a new plan replaced it): the check is part of the same statement.
   */
  async insertGenerated(values: NewContent, o: { whileEntryLive?: boolean } = {}): Promise<ContentEntity | null> {
    // As a SELECT the parameters need the columns' types spelled out (VALUES takes them from the table).
    const source = o.whileEntryLive
      ? `SELECT $1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::text, 'draft', $6::text, $7::text[], $8::text, $9::text, $10::text,
                $11::jsonb, $12::text, 1, $13::jsonb, $14::uuid
          WHERE EXISTS (SELECT 1 FROM creation.calendar_entry_replica r WHERE r.entry_id = $3::uuid AND r.deleted_at IS NULL)`
      : `VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $9, $10, $11, $12, 1, $13, $14)`;
    const rows: { id: string; created_at: Date; updated_at: Date }[] = await this.uow.manager().query(
      `WITH c AS (
         INSERT INTO creation.content
           (brand_id, campaign_id, calendar_entry_id, job_id, platform, status, body, hashtags, topic, pillar, format,
            variants, selected_variant_id, version, ai_meta, created_by)
         ${source}
         ON CONFLICT DO NOTHING
         RETURNING id, body, hashtags, created_at, updated_at
       ), v AS (
         INSERT INTO creation.content_version (content_id, version, body, hashtags, author_kind, author_id)
         SELECT id, 1, body, hashtags, 'ai', NULL FROM c
       )
       SELECT id, created_at, updated_at FROM c`,
      [
        values.brandId,
        values.campaignId,
        values.calendarEntryId,
        values.jobId,
        values.platform,
        values.body,
        values.hashtags,
        values.topic,
        values.pillar,
        values.format,
        JSON.stringify(values.variants),
        values.selectedVariantId,
        values.aiMeta === null ? null : JSON.stringify(values.aiMeta),
        values.createdBy,
      ],
    );
    const row = rows[0];
    if (!row) return null;
    // Every column is given: what repo.create would copy, without its metadata walk.
    return Object.assign(new ContentEntity(), {
      ...values,
      id: row.id,
      status: 'draft',
      version: 1,
      approvedAt: null,
      approvedBy: null,
      scheduledAt: null,
      publishedAt: null,
      externalUrl: null,
      failure: null,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
      deletedAt: null,
    });
  }

  save(entity: ContentEntity): Promise<ContentEntity> {
    return this.repo.save(entity);
  }
}
