import { Injectable } from '@nestjs/common';
import { type QueueSlot, UnitOfWork } from '@mt/messages';
import { QueueScheduleEntity } from '../entities/scheduling.entities';

/** A connection's weekly posting slots (ADR 147). */
@Injectable()
export class QueueScheduleRepository {
  constructor(private readonly uow: UnitOfWork) {}

  find(connectionId: string): Promise<QueueScheduleEntity | null> {
    return this.uow.manager().getRepository(QueueScheduleEntity).findOne({ where: { connectionId } });
  }

  /**
   * Locks the queues of these connections for the rest of the transaction and answers those that
   * have one (a connection without a queue row has no queued post to move). Lock before touching
   * any of their schedule items, so that two transactions never wait on each other crosswise; the
   * ids are locked in sorted order for the same reason.
   */
  async lock(connectionIds: string[]): Promise<QueueScheduleEntity[]> {
    const ids = [...new Set(connectionIds)].sort();
    if (ids.length === 0) return [];
    const rows: { connection_id: string }[] = await this.uow
      .manager()
      .query(`SELECT connection_id FROM publishing.queue_schedule WHERE connection_id = ANY($1::uuid[]) ORDER BY connection_id FOR UPDATE`, [ids]);
    if (rows.length === 0) return [];
    return this.uow
      .manager()
      .getRepository(QueueScheduleEntity)
      .find({ where: rows.map((r) => ({ connectionId: r.connection_id })) });
  }

  /** The connections of a brand that have a queue. */
  async connectionsOfBrand(brandId: string): Promise<string[]> {
    const rows: { connection_id: string }[] = await this.uow
      .manager()
      .query(`SELECT connection_id FROM publishing.queue_schedule WHERE brand_id = $1`, [brandId]);
    return rows.map((r) => r.connection_id);
  }

  async save(connectionId: string, brandId: string, slots: QueueSlot[], updatedBy: string): Promise<QueueScheduleEntity> {
    await this.uow.manager().query(
      `INSERT INTO publishing.queue_schedule (connection_id, brand_id, slots, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (connection_id) DO UPDATE SET slots = EXCLUDED.slots, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [connectionId, brandId, JSON.stringify(slots), updatedBy],
    );
    return (await this.find(connectionId)) as QueueScheduleEntity;
  }
}
