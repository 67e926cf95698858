import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/api-context';
import { ApiError } from '../api/problem';
import type { AiProviderStatus } from '@mt/contracts/ai-provider.contract';

/**
 * GET /ai/provider: the instance owner's view of the AI provider. Anyone else gets 403, which here
 * only means "not yours to see": the query settles with no data and nothing is shown for it.
 */
export function useAiProviderStatus() {
  const api = useApi();
  return useQuery({
    queryKey: ['ai-provider'],
    queryFn: ({ signal }) => api.get<AiProviderStatus>('/ai/provider', { signal }),
    staleTime: 5 * 60_000,
    retry: false,
    throwOnError: false,
  });
}

/** Whether the caller was refused the provider status (not the instance owner, or an older server). */
export const isNotOwner = (error: unknown) => error instanceof ApiError && (error.status === 403 || error.status === 404);
