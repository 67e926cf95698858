import type { PublishOutcome } from '../channel-gateway.port';

/**
 * The time one publish attempt's media may take, uploads and the platform's processing, before
 * the post call (CHANNEL_MEDIA_BUDGET_MS, ADR 167). The publish runner gives up on an attempt
 * after PUBLISH_TIMEOUT_MS without stopping it; a provider that checks this deadline before
 * posting never makes a post behind the back of an attempt that was already given up on.
 */
export class MediaBudget {
  readonly deadline: number;

  constructor(readonly budgetMs: number) {
    this.deadline = Date.now() + budgetMs;
  }

  /** Milliseconds left; 0 once spent. */
  left(): number {
    return Math.max(0, this.deadline - Date.now());
  }

  /** The outcome of an attempt whose media took too long: retried later, nothing was posted. */
  spent(label: string): PublishOutcome | null {
    if (Date.now() <= this.deadline) return null;
    return {
      kind: 'retryable',
      code: 'MEDIA_TOO_SLOW',
      message: `The media took longer than ${this.budgetMs} ms (CHANNEL_MEDIA_BUDGET_MS) to reach ${label}; the post was not sent and will be tried again.`,
    };
  }
}
