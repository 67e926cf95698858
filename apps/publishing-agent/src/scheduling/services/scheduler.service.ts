import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppLogger } from '@mt/runtime';
import type { ScheduleItemEntity } from '../entities/scheduling.entities';
import { ScheduleItemRepository } from '../repositories/schedule-item.repository';
import { PublishRunnerService } from './publish-runner.service';
import { ClaimLoop } from './scheduler-loop';
import { SCHEDULER_SETTINGS, type SchedulerSettings } from './scheduler-settings';
import { SchedulerWakeup } from './scheduler-wakeup';

/**
 * The durable scheduler of this instance: claims due schedule items from PostgreSQL
 * (FOR UPDATE SKIP LOCKED, so instances never share an item), publishes them outside any
 * transaction, and keeps its leases alive while it works. Any number of instances may run.
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: ClaimLoop<ScheduleItemEntity>;

  constructor(items: ScheduleItemRepository, runner: PublishRunnerService, wakeup: SchedulerWakeup, @Inject(SCHEDULER_SETTINGS) settings: SchedulerSettings) {
    this.loop = new ClaimLoop(
      'scheduler',
      {
        claim: (limit) => items.claimDue(limit, settings.instanceId, settings.leaseMs),
        renew: (ids) => items.renewLeases(ids, settings.instanceId, settings.leaseMs),
        run: (item) => runner.run(item),
        nextDue: () => items.nextDue(),
      },
      { pollMs: settings.pollMs, leaseMs: settings.leaseMs, concurrency: settings.concurrency, idleMaxMs: settings.idleMaxMs },
      new AppLogger('Scheduler'),
    );
    wakeup.register(() => this.loop.wake());
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }
}
