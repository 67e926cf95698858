import { Injectable } from '@nestjs/common';
import { type CalendarEntry, type Connection, UnitOfWork } from '@mt/messages';
import { CalendarSlotEntity, ConnectionRefEntity } from '../entities/scheduling.entities';

/**
 * What the scheduling part knows of other parts without asking: the planned time of calendar
 * entries (strategy-agent's `campaign.planned`) and the brand, platform and status of
 * connections (`connection.changed`). Event handlers decide with it inside their transaction.
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
    for (const id of [...new Set(entryIds)].sort()) {
      await this.uow.manager().query(`SELECT pg_advisory_xact_lock(7501, hashtext($1))`, [id]);
    }
  }

  async recordSlots(entries: CalendarEntry[]): Promise<void> {
    for (const e of entries) {
      await this.uow.manager().query(
        `INSERT INTO publishing.calendar_slot (entry_id, brand_id, campaign_id, platform, scheduled_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (entry_id) DO UPDATE SET platform = EXCLUDED.platform, scheduled_at = EXCLUDED.scheduled_at`,
        [e.id, e.brandId, e.campaignId, e.platform, e.scheduledAt],
      );
    }
  }

  slot(entryId: string): Promise<CalendarSlotEntity | null> {
    return this.uow.manager().getRepository(CalendarSlotEntity).findOne({ where: { entryId } });
  }

  /** Keeps the newest state of a connection (by its updatedAt). */
  async recordConnection(c: Connection): Promise<void> {
    await this.uow.manager().query(
      `INSERT INTO publishing.connection_ref (connection_id, brand_id, platform, status, connection_updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (connection_id) DO UPDATE SET status = EXCLUDED.status, connection_updated_at = EXCLUDED.connection_updated_at
       WHERE publishing.connection_ref.connection_updated_at <= EXCLUDED.connection_updated_at`,
      [c.id, c.brandId, c.platform, c.status, c.updatedAt],
    );
  }

  activeConnections(brandId: string, platform: string): Promise<ConnectionRefEntity[]> {
    return this.uow
      .manager()
      .getRepository(ConnectionRefEntity)
      .find({ where: { brandId, platform, status: 'active' }, order: { createdAt: 'ASC' } });
  }
}
