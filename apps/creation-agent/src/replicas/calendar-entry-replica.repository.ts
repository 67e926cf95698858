import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { type PlannedEntry, UnitOfWork } from '@mt/messages';
import { type ReplicaTable, tombstone, upsertLatestMany } from '@mt/replicas';
import { CalendarEntryReplicaEntity } from './calendar-entry-replica.entity';

const CALENDAR_ENTRY: ReplicaTable = { table: 'creation.calendar_entry_replica', key: ['entry_id'], tombstone: true };

@Injectable()
export class CalendarEntryReplicaRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager().getRepository(CalendarEntryReplicaEntity);
  }

  /** The latest plan's view of each entry wins (a re-plan may change topic or time); one statement for the plan (ADR 218). */
  async upsert(entries: PlannedEntry[]): Promise<void> {
    const now = new Date();
    await upsertLatestMany(
      this.uow.manager(),
      CALENDAR_ENTRY,
      entries.map((e) => ({
        entry_id: e.entryId,
        campaign_id: e.campaignId,
        brand_id: e.brandId,
        platform: e.platform,
        topic: e.topic,
        pillar: e.pillar,
        format: e.format,
        framework: e.framework,
        scheduled_at: new Date(e.scheduledAt),
        campaign_name: e.campaignName,
        goal: e.goal,
        updated_at: now,
      })),
    );
  }

  /** Entries a new plan replaced: tombstoned, so a late copy of the old plan does not bring them back. */
  async remove(entryIds: string[]): Promise<void> {
    for (const entryId of entryIds) await tombstone(this.uow.manager(), CALENDAR_ENTRY, { entry_id: entryId });
  }

  async find(entryId: string): Promise<PlannedEntry | null> {
    const e = await this.repo.findOneBy({ entryId, deletedAt: IsNull() });
    if (!e) return null;
    const { deletedAt: _deletedAt, ...entry } = e;
    return { ...entry, scheduledAt: e.scheduledAt.toISOString() };
  }
}
