import { Injectable } from '@nestjs/common';

/**
 * Lets a new schedule item be taken at its time rather than at the next poll: the scheduler
 * registers its wake function here; services call `due(at)` after they commit.
 */
@Injectable()
export class SchedulerWakeup {
  private listener: (() => void) | null = null;

  register(listener: () => void): void {
    this.listener = listener;
  }

  /**
   * The idle scheduler sleeps until the next item it knows of (ADR 112), so every new item wakes
   * it: it then looks again for the earliest due item (one query) and sleeps until that.
   */
  due(_at: Date): void {
    this.listener?.();
  }
}
