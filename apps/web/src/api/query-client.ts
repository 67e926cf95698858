import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { rateLimitNotice } from '../lib/rate-limit';
import { ApiError, isFatal } from './problem';

/** An action the user asked for was refused for the rate: say so, with the wait. */
function onMutationError(error: unknown): void {
  if (error instanceof ApiError && error.status === 429) rateLimitNotice.show(error.retryAfterSeconds);
}

const isRateLimited = (error: unknown): error is ApiError => error instanceof ApiError && error.status === 429;
/** A refused read waits as told (capped, with a little jitter so tabs do not retry in step). */
export const READ_RETRY_DELAY_MS = (attempt: number, error: unknown): number =>
  isRateLimited(error)
    ? Math.min(60, Math.max(1, error.retryAfterSeconds ?? 2 ** attempt)) * 1000 + Math.floor(Math.random() * 250)
    : Math.min(1000 * 2 ** attempt, 8000);

/**
 * Server state. Problems are handled once here: 429 → a quiet retry for reads, the rate-limit
 * notice for actions; 5xx and network
 * failures are thrown to the nearest error boundary (the fallback view); 4xx stay with the
 * component (field errors, "not found"); 401 is the API client's business (refresh or sign-in).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    // A read refused for the rate retries quietly (no notice, no fallback page): only the
    // user's own actions are told about the limit.
    queryCache: new QueryCache(),
    mutationCache: new MutationCache({ onError: onMutationError }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (count, error) => (isRateLimited(error) ? count < 5 : count < 1 && error instanceof ApiError && error.status === 0),
        retryDelay: READ_RETRY_DELAY_MS,
        throwOnError: (error) => isFatal(error),
        refetchOnWindowFocus: false,
      },
      mutations: {
        retry: false,
        throwOnError: (error) => isFatal(error),
      },
    },
  });
}
