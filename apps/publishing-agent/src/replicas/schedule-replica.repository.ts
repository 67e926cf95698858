import { Injectable } from '@nestjs/common';
import { type CalendarEntry, type Connection, UnitOfWork } from '@mt/messages';
import { type ReplicaTable, upsertLatest, upsertLatestMany } from '@mt/replicas';
import { CalendarEntryReplicaEntity, ConnectionReplicaEntity } from './replicas.entities';

const CALENDAR_ENTRY: ReplicaTable = { table: 'publishing.calendar_entry_replica', key: ['entry_id'] };
const CONNECTION: ReplicaTable = { table: 'publishing.connection_replica', key: ['connection_id'], freshness: 'source_updated_at' };

/**
 * What the scheduling part knows of other parts without asking: the planned time of calendar
 * entries (strategy-agent's `campaign.planned`) and the brand, platform and status of
 * connections (`connection.changed`). Event handlers decide with it inside their transaction.
 * A plan carries no version of its entries: the last event written wins (ADR 173).
 */
@Injectable()
export class ScheduleReplicaRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * Serialises the decisions about one calendar entry until the transaction ends: an approval
   * and the plan, handled concurrently, would each miss the other's uncommitted row and neither
   * would schedule. The second to lock sees the first's commit.
   */
  async lockEntries(entryIds: string[]): Promise<void> {
    const ids = [...new Set(entryIds)].sort();
    if (ids.length === 0) return;
    // One statement: unnest yields the ids in the array's (sorted) order and each row takes its
    // lock before the next, so two transactions always lock shared entries in the same order.
    await this.uow.manager().query(`SELECT pg_advisory_xact_lock(7501, hashtext(id)) FROM unnest($1::text[]) AS t(id)`, [ids]);
  }

  /** The plan's slots in one statement (ADR 218). */
  async recordSlots(entries: CalendarEntry[]): Promise<void> {
    await upsertLatestMany(
      this.uow.manager(),
      CALENDAR_ENTRY,
      entries.map((e) => ({ entry_id: e.id, brand_id: e.brandId, campaign_id: e.campaignId, platform: e.platform, scheduled_at: e.scheduledAt })),
      { insertOnly: ['brand_id', 'campaign_id'] },
    );
  }

  slot(entryId: string): Promise<CalendarEntryReplicaEntity | null> {
    return this.uow.manager().getRepository(CalendarEntryReplicaEntity).findOne({ where: { entryId } });
  }

  /** Keeps the newest state of a connection (by its updatedAt). */
  async recordConnection(c: Connection): Promise<void> {
    await upsertLatest(
      this.uow.manager(),
      CONNECTION,
      { connection_id: c.id, brand_id: c.brandId, platform: c.platform, status: c.status, source_updated_at: c.updatedAt },
      { insertOnly: ['brand_id', 'platform'] },
    );
  }

  activeConnections(brandId: string, platform: string): Promise<ConnectionReplicaEntity[]> {
    return this.uow
      .manager()
      .getRepository(ConnectionReplicaEntity)
      .find({ where: { brandId, platform, status: 'active' }, order: { createdAt: 'ASC' } });
  }
}
