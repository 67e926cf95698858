import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';
import { InsightEntity } from '../entities/insight.entity';

@Injectable()
export class InsightRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager().getRepository(InsightEntity);
  }

  byRun(runId: string): Promise<InsightEntity[]> {
    return this.repo.find({ where: { runId }, order: { position: 'ASC' } });
  }

  /** The brand's newest run, in its own order. */
  async latestRun(brandId: string): Promise<InsightEntity[]> {
    const newest = await this.repo.findOne({ where: { brandId }, order: { createdAt: 'DESC', runId: 'ASC' } });
    return newest ? this.byRun(newest.runId) : [];
  }

  insertMany(rows: Partial<InsightEntity>[]): Promise<InsightEntity[]> {
    return this.repo.save(rows.map((r) => this.repo.create(r)));
  }
}
