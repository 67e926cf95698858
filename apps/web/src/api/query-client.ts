import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { rateLimitNotice } from '../lib/rate-limit';
import { ApiError, isFatal } from './problem';

function onAnyError(error: unknown): void {
  if (error instanceof ApiError && error.status === 429) rateLimitNotice.show(error.retryAfterSeconds);
}

/**
 * Server state. Problems are handled once here: 429 → the rate-limit notice; 5xx and network
 * failures are thrown to the nearest error boundary (the fallback view); 4xx stay with the
 * component (field errors, "not found"); 401 is the API client's business (refresh or sign-in).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onAnyError }),
    mutationCache: new MutationCache({ onError: onAnyError }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (count, error) => count < 1 && error instanceof ApiError && error.status === 0,
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
