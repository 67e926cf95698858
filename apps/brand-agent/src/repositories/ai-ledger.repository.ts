import { Injectable } from '@nestjs/common';
import { AiRepository } from '@mt/ai';
import { UnitOfWork } from '@mt/messages';

/**
 * The shared `ai` ledger (ADR 006) read and written through libs/ai's AiRepository, on the unit of
 * work's manager so a budget change joins the task's transaction. brand-agent answers usage and
 * budgets for every agent's calls; it does not own the tables.
 */
@Injectable()
export class AiLedgerRepository {
  constructor(private readonly uow: UnitOfWork) {}

  ledger(): AiRepository {
    return new AiRepository(this.uow.manager());
  }
}
