import { Alert, Loader, Text } from '@mantine/core';
import { ApiError } from '../api/problem';

/**
 * What a page shows for a query that has no data yet: a loader, or the 4xx it got (5xx and
 * network failures go to the fallback view, ADR 042). A 404 on a whole list usually means the
 * route is not deployed on this server yet: said so plainly.
 */
export function QueryState({ error, isLoading, what }: { error: unknown; isLoading: boolean; what: string }) {
  if (error instanceof ApiError) {
    // Reads retry on their own after a 429 (query-client): this only shows if they all were refused.
    if (error.status === 429) return <Text c="dimmed">Still loading: the server asked to slow down, trying again shortly…</Text>;
    return (
      <Alert color={error.status === 404 ? 'yellow' : 'red'} title={error.status === 404 ? `No ${what} here` : `The ${what} could not be loaded`}>
        {error.status === 404 ? `${error.message} — this server may not offer ${what} yet, or it belongs to a brand you are not a member of.` : error.message}
      </Alert>
    );
  }
  if (isLoading) return <Loader size="sm" aria-label={`Loading ${what}`} />;
  return null;
}

/** The message of a refusal a form or action shows in place (not 429: the notice says that). */
export function refusalOf(error: unknown): string | null {
  return error instanceof ApiError && error.status !== 429 && error.status !== 0 && error.status < 500 ? error.message : null;
}
