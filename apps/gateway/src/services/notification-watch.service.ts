import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';

/**
 * Wakes this replica's open streams when it has written a notification, so they answer at once
 * rather than at their next poll. A wake may come before the write commits: the stream looks
 * again a moment later, and its poll catches anything else.
 */
@Injectable()
export class NotificationWatch {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  wake(): void {
    this.emitter.emit('wake');
  }

  subscribe(listener: () => void): () => void {
    this.emitter.on('wake', listener);
    return () => this.emitter.off('wake', listener);
  }
}
