import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiProvider } from '../api/api-context';
import { ApiClient } from '../api/client';
import { createQueryClient } from '../api/query-client';
import type { Job } from '../api/types';
import { fakeFetch, json, memoryStorage, problem, sse } from '../test/fake-api';
import { JobProgress } from './job-progress';

const ID = 'j1';
const job = (status: Job['status'], done: number, extra: Partial<Job> = {}): Job => ({
  id: ID,
  kind: 'campaign.plan',
  status,
  progress: { done, total: 3 },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: `2026-01-01T00:00:0${done}.000Z`,
  ...extra,
});

function renderJob(routes: Parameters<typeof fakeFetch>[0]) {
  const api = fakeFetch(routes);
  const client = new ApiClient({ fetch: api.fetch, storage: memoryStorage() });
  client.setSession({ accessToken: 'a', refreshToken: 'r' });
  render(
    <MantineProvider>
      <QueryClientProvider client={createQueryClient()}>
        <ApiProvider client={client}>
          <JobProgress jobId={ID} />
        </ApiProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
  return api;
}

describe('job progress (useJob)', () => {
  it('follows the event stream from progress to succeeded', async () => {
    const api = renderJob({
      [`GET /jobs/${ID}/events`]: () =>
        sse([
          { event: 'progress', data: job('running', 1) },
          { event: 'progress', data: job('running', 2) },
          { event: 'succeeded', data: job('succeeded', 3, { result: { entries: 12 } }) },
        ]),
    });
    expect(await screen.findByText('Planning the campaign calendar')).toBeInTheDocument();
    expect(await screen.findByText('succeeded')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: /100%/ })).toBeInTheDocument();
    expect(api.calls[0].headers.authorization).toBe('Bearer a');
    expect(api.calls.some((c) => c.path === `/jobs/${ID}`)).toBe(false);
  });

  it('falls back to polling GET /jobs/{id} when the stream cannot be opened', async () => {
    const states = [job('running', 1), job('running', 2), job('succeeded', 3)];
    const api = renderJob({
      [`GET /jobs/${ID}/events`]: () => Promise.reject(new TypeError('stream blocked by a proxy')),
      [`GET /jobs/${ID}`]: () => json(200, states.shift() ?? job('succeeded', 3)),
    });
    expect(await screen.findByText('1 of 3 steps')).toBeInTheDocument();
    expect(await screen.findByText('succeeded')).toBeInTheDocument();
    expect(api.calls.filter((c) => c.path === `/jobs/${ID}`).length).toBeGreaterThanOrEqual(3);
  });

  it('shows what failed and retries the job with the retry button', async () => {
    let retried = false;
    const api = renderJob({
      [`GET /jobs/${ID}/events`]: () =>
        retried
          ? sse([
              { event: 'progress', data: job('running', 1, { attempts: 2 }) },
              { event: 'succeeded', data: job('succeeded', 3, { attempts: 2 }) },
            ])
          : sse([
              { event: 'progress', data: job('running', 1) },
              { event: 'failed', data: job('failed', 1, { error: { code: 'AI_TIMEOUT', title: 'The AI did not answer in time', status: 504 } }) },
            ]),
      [`POST /jobs/${ID}/retry`]: () => {
        retried = true;
        return json(202, { jobId: ID, status: 'queued', kind: 'campaign.plan', links: { self: `/api/v1/jobs/${ID}` } });
      },
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Planning the campaign calendar failed');
    expect(alert).toHaveTextContent('The AI did not answer in time');
    expect(alert).toHaveTextContent('AI_TIMEOUT');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('succeeded')).toBeInTheDocument();
    expect(api.calls.filter((c) => c.method === 'POST' && c.path === `/jobs/${ID}/retry`)).toHaveLength(1);
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });

  it('says so when the job is not the user’s (404)', async () => {
    renderJob({ [`GET /jobs/${ID}/events`]: () => problem(404, 'NOT_FOUND') });
    expect(await screen.findByText('This job cannot be shown')).toBeInTheDocument();
  });
});
