import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { type PlannedEntry, UnitOfWork } from '@mt/messages';
import { PlannedEntryEntity } from '../entities/planned-entry.entity';

@Injectable()
export class PlannedEntryRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager().getRepository(PlannedEntryEntity);
  }

  /** The latest plan's view of each entry wins (a re-plan may change topic or time). */
  async upsert(entries: PlannedEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.repo.upsert(
      entries.map((e) => ({ ...e, scheduledAt: new Date(e.scheduledAt), updatedAt: new Date() })),
      ['entryId'],
    );
  }

  async remove(entryIds: string[]): Promise<void> {
    if (entryIds.length) await this.repo.delete({ entryId: In(entryIds) });
  }

  async find(entryId: string): Promise<PlannedEntry | null> {
    const e = await this.repo.findOneBy({ entryId });
    return e ? { ...e, scheduledAt: e.scheduledAt.toISOString() } : null;
  }
}
