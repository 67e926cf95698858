import { Injectable } from '@nestjs/common';

/**
 * Lets a new schedule item due soon be taken at its time rather than at the next poll: the
 * scheduler registers its wake function here; services call `due(at)` after they commit.
 */
@Injectable()
export class SchedulerWakeup {
  private listener: (() => void) | null = null;

  register(listener: () => void): void {
    this.listener = listener;
  }

  due(at: Date): void {
    const listener = this.listener;
    if (!listener) return;
    const wait = at.getTime() - Date.now();
    if (wait <= 0) listener();
    else if (wait < 5_000) setTimeout(listener, wait).unref();
  }
}
