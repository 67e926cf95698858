import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { type CalendarEntryStatus, UnitOfWork } from '@mt/messages';
import { CalendarEntryEntity } from '../entities/calendar-entry.entity';
import { PlanRunEntity } from '../entities/plan-run.entity';

/** Entries whose content was approved or went further: a re-plan keeps them. */
export const KEPT_STATUSES: readonly CalendarEntryStatus[] = ['approved', 'scheduled', 'published', 'failed'];

@Injectable()
export class CalendarEntryRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager().getRepository(CalendarEntryEntity);
  }

  /** A campaign's entries in time order, optionally between two local dates (inclusive). */
  listByCampaign(campaignId: string, range: { from?: string; to?: string } = {}): Promise<CalendarEntryEntity[]> {
    const q = this.repo.createQueryBuilder('e').where('e.campaign_id = :campaignId', { campaignId });
    if (range.from) q.andWhere('e.date >= :from', { from: range.from });
    if (range.to) q.andWhere('e.date <= :to', { to: range.to });
    return q.orderBy('e.scheduled_at', 'ASC').addOrderBy('e.platform', 'ASC').addOrderBy('e.id', 'ASC').getMany();
  }

  /** A brand's entries since an instant (past and planned), for recommendations. */
  listByBrandSince(brandId: string, since: Date): Promise<CalendarEntryEntity[]> {
    return this.repo
      .createQueryBuilder('e')
      .where('e.brand_id = :brandId AND e.scheduled_at >= :since', { brandId, since })
      .orderBy('e.scheduled_at', 'ASC')
      .getMany();
  }

  findById(id: string): Promise<CalendarEntryEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** Locks the entry for a change in this transaction. */
  findForUpdate(id: string): Promise<CalendarEntryEntity | null> {
    return this.repo.createQueryBuilder('e').setLock('pessimistic_write').where('e.id = :id', { id }).getOne();
  }

  /**
   * The entry takes a content snapshot's id, time and status (its generation error cleared), in one
   * UPDATE that locks the row as findForUpdate did and decides on the row it locked. It changes
   * nothing when the entry belongs to another brand, when another content stands for it past
   * drafting, when the snapshot is older than the one applied, or when it would change nothing (the
   * row, updated_at included, is then left as it is, as a TypeORM save of no difference left it).
   * Answers whether it wrote.
   */
  async followContent(entryId: string, c: { contentId: string; brandId: string; updatedAt: Date; status: CalendarEntryStatus }): Promise<boolean> {
    const [rows] = (await this.uow.manager().query(
      `UPDATE strategy.calendar_entry
          SET content_id = $2, content_updated_at = $3, status = $4, generation_error = NULL, updated_at = CURRENT_TIMESTAMP
        WHERE id = $1 AND brand_id::text = $5
          AND (content_id IS NULL OR content_id = $2 OR status IN ('drafted', 'planned'))
          AND (content_id IS DISTINCT FROM $2 OR content_updated_at IS NULL OR content_updated_at <= $3)
          AND (content_id IS DISTINCT FROM $2 OR content_updated_at IS DISTINCT FROM $3 OR status <> $4 OR generation_error IS NOT NULL)
        RETURNING 1`,
      [entryId, c.contentId, c.updatedAt, c.status, c.brandId],
    )) as [unknown[], number];
    return rows.length > 0;
  }

  findByContentForUpdate(contentId: string): Promise<CalendarEntryEntity[]> {
    return this.repo.createQueryBuilder('e').setLock('pessimistic_write').where('e.content_id = :contentId', { contentId }).getMany();
  }

  async deleteByIds(ids: string[]): Promise<void> {
    if (ids.length) await this.repo.delete({ id: In(ids) });
  }

  insertMany(values: Partial<CalendarEntryEntity>[]): Promise<CalendarEntryEntity[]> {
    return this.repo.save(values.map((v) => this.repo.create(v)));
  }

  save(entity: CalendarEntryEntity): Promise<CalendarEntryEntity> {
    return this.repo.save(entity);
  }

  findPlanRun(jobId: string): Promise<PlanRunEntity | null> {
    return this.uow.manager().getRepository(PlanRunEntity).findOneBy({ jobId });
  }

  async insertPlanRun(values: Pick<PlanRunEntity, 'jobId' | 'campaignId' | 'result'>): Promise<void> {
    await this.uow.manager().getRepository(PlanRunEntity).insert(values);
  }
}
