import type { TaskEnvelope } from '@mt/messages';

/**
 * This task's handler runs outside the consumer's transaction, and the consumer does not redeliver
 * such a task when it throws: a retryable error rethrown by runStaged would leave the job running
 * for ever. AiService already retries each call, so every failure is reported at once; the user
 * retries the job (POST /jobs/{id}/retry).
 */
export function finalDelivery<T>(task: TaskEnvelope<T>): TaskEnvelope<T> {
  return { ...task, retry_count: Math.max(task.retry_count, task.max_retries) };
}
