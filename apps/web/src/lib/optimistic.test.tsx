import { MantineProvider } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { createQueryClient } from '../api/query-client';
import { ApiError } from '../api/problem';
import { useOptimisticMutation } from './optimistic';

interface Post {
  id: string;
  status: 'draft' | 'approved';
}

/** A stand-in for the content page: an "Approve" whose result shows before the server answers. */
function Approvable({ server }: { server: { status: Post['status']; approve(): Promise<void> } }) {
  const key = ['post', 'p1'];
  const post = useQuery({ queryKey: key, queryFn: async (): Promise<Post> => ({ id: 'p1', status: server.status }) });
  const approve = useOptimisticMutation<Post, void>({
    queryKey: key,
    mutationFn: () => server.approve(),
    apply: (p) => ({ ...p, status: 'approved' }),
    failureTitle: 'The post could not be approved',
  });
  if (!post.data) return null;
  return (
    <div>
      <p>Status: {post.data.status}</p>
      <button onClick={() => approve.mutate()}>Approve</button>
    </div>
  );
}

function renderWith(server: { status: Post['status']; approve(): Promise<void> }) {
  render(
    <MantineProvider>
      <Notifications />
      <QueryClientProvider client={createQueryClient()}>
        <Approvable server={server} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe('optimistic updates', () => {
  // Mantine keeps notifications in a module-level store: one test's message must not leak into the next.
  afterEach(() => act(() => notifications.clean()));

  it('shows the change at once and rolls it back with a message when the server refuses', async () => {
    let refuse!: (e: unknown) => void;
    renderWith({ status: 'draft', approve: () => new Promise((_, reject) => (refuse = reject)) });
    const user = userEvent.setup();
    expect(await screen.findByText('Status: draft')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByText('Status: approved')).toBeInTheDocument();

    refuse(new ApiError({ title: 'Conflict', status: 409, code: 'CONFLICT', detail: 'The post was edited meanwhile.' }));
    expect(await screen.findByText('Status: draft')).toBeInTheDocument();
    expect(await screen.findByText('The post could not be approved')).toBeInTheDocument();
    expect(screen.getByText(/The post was edited meanwhile\. Your change was undone\./)).toBeInTheDocument();
  });

  it('keeps the change when the server accepts it', async () => {
    const server = { status: 'draft' as Post['status'], approve: async () => void (server.status = 'approved') };
    renderWith(server);
    const user = userEvent.setup();
    await screen.findByText('Status: draft');
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByText('Status: approved')).toBeInTheDocument();
    expect(screen.queryByText('The post could not be approved')).not.toBeInTheDocument();
  });
});
