import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { MeshError, type ScheduleItem } from '@mt/messages';
import { ScheduleService, type ScheduleVariantInput } from './schedule.service';

/**
 * The scheduling part's ScheduleService, found lazily across the agent's modules: the
 * performance part does not import SchedulingModule (which the agent module composes), it only
 * asks it to place a variant.
 */
@Injectable()
export class AbTestScheduler {
  private service: ScheduleService | null = null;

  constructor(private readonly moduleRef: ModuleRef) {}

  scheduleVariant(input: ScheduleVariantInput): Promise<ScheduleItem> {
    return this.find().scheduleVariant(input);
  }

  private find(): ScheduleService {
    if (this.service) return this.service;
    let found: ScheduleService | null = null;
    try {
      found = this.moduleRef.get(ScheduleService, { strict: false });
    } catch {
      found = null;
    }
    if (!found) throw new MeshError('AGENT_UNAVAILABLE', 'Scheduling is not available in this deployment.', { status: 503, retryable: true });
    this.service = found;
    return found;
  }
}
