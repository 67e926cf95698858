import { Injectable } from '@nestjs/common';
import type { ScheduleItem } from '@mt/messages';
import { ScheduleService, type ScheduleVariantInput } from '../../scheduling/services/schedule.service';

/** The performance part's port to the scheduling part: places one variant of an A/B test. */
@Injectable()
export class AbTestScheduler {
  constructor(private readonly schedules: ScheduleService) {}

  scheduleVariant(input: ScheduleVariantInput): Promise<ScheduleItem> {
    return this.schedules.scheduleVariant(input);
  }
}
