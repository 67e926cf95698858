import { notifications } from '@mantine/notifications';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { CalendarEntry, Job } from '../api/types';
import { CONTENT } from '../test/fixtures';
import { BRAND, fakeFetch, json, problem, sessionRoutes } from '../test/fake-api';
import { CAMPAIGN, entry } from '../test/fixtures';
import { vi } from 'vitest';
import { renderApp } from '../test/render';

const PATH = `/campaigns/${CAMPAIGN.id}`;
const cell = (label: RegExp) => screen.getByRole('gridcell', { name: label });

function routes(extra: Parameters<typeof fakeFetch>[0] = {}, entries: CalendarEntry[] = [entry('e1', '2026-12-02')]) {
  return fakeFetch({
    ...sessionRoutes(),
    [`GET /campaigns/${CAMPAIGN.id}`]: () => json(200, CAMPAIGN),
    [`GET /campaigns/${CAMPAIGN.id}/calendar`]: () => json(200, { items: entries }),
    [`GET /brands/${BRAND.id}/recommendations`]: () => json(200, { items: [] }),
    ...extra,
  });
}

async function moveE1To(date: string) {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: /Topic e1/ }));
  const input = await screen.findByLabelText('Move to');
  fireEvent.change(input, { target: { value: date } });
  await user.click(await screen.findByRole('button', { name: 'Move' }));
}

describe('campaign calendar', () => {
  afterEach(() => act(() => notifications.clean()));

  it('shows each entry with its status in the month view and switches to the week view', async () => {
    const api = routes({}, [entry('e1', '2026-12-02'), entry('e2', '2026-12-03', { status: 'approved', platform: 'mastodon' })]);
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    expect(await screen.findByRole('heading', { name: 'December 2026' })).toBeInTheDocument();
    expect(within(cell(/, 2 December 2026/)).getByRole('button', { name: /^LinkedIn 09:30, drafted: Topic e1$/ })).toBeInTheDocument();
    expect(within(cell(/, 3 December 2026/)).getByRole('button', { name: /^Mastodon 09:30, approved: Topic e2$/ })).toBeInTheDocument();
    expect(screen.getByLabelText('Entries by status')).toHaveTextContent('1 drafted1 approved');
    await userEvent.setup().click(screen.getByRole('radio', { name: 'Week' }));
    expect(await screen.findByRole('heading', { name: /Week of 30 November 2026/ })).toBeInTheDocument();
    expect(screen.getAllByRole('gridcell')).toHaveLength(7);
  });

  it('moves an entry at once and keeps it there when the server agrees', async () => {
    let moved: unknown;
    const server = [entry('e1', '2026-12-02')];
    const api = routes({
      [`GET /campaigns/${CAMPAIGN.id}/calendar`]: () => json(200, { items: server }),
      'PATCH /calendar/e1': (req) => {
        moved = req.body;
        server[0] = entry('e1', '2026-12-09');
        return json(200, server[0]);
      },
    });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    await moveE1To('2026-12-09');
    await waitFor(() => expect(within(cell(/, 9 December 2026/)).getByRole('button', { name: /Topic e1/ })).toBeInTheDocument());
    expect(moved).toEqual({ date: '2026-12-09' });
  });

  it('rolls a refused move back and says why', async () => {
    let refuse!: (r: Response) => void;
    const api = routes({ 'PATCH /calendar/e1': () => new Promise<Response>((r) => (refuse = r)) });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    await moveE1To('2026-12-09');
    // Optimistic: the entry is on its new day before the server answers.
    await waitFor(() => expect(within(cell(/, 9 December 2026/)).getByRole('button', { name: /Topic e1/ })).toBeInTheDocument());
    expect(within(cell(/, 2 December 2026/)).queryByRole('button', { name: /Topic e1/ })).not.toBeInTheDocument();

    refuse(problem(409, 'CONFLICT', { detail: 'The post is already published.' }));
    expect(await screen.findByText('The entry could not be moved')).toBeInTheDocument();
    expect(screen.getByText(/The post is already published\. Your change was undone\./)).toBeInTheDocument();
    await waitFor(() => expect(within(cell(/, 2 December 2026/)).getByRole('button', { name: /Topic e1/ })).toBeInTheDocument());
    expect(within(cell(/, 9 December 2026/)).queryByRole('button', { name: /Topic e1/ })).not.toBeInTheDocument();
  });

  it('plans with live progress, and a reload mid-plan follows the same job', async () => {
    const job = (status: Job['status'], done: number): Job => ({
      id: 'plan-1',
      kind: 'campaign.plan',
      status,
      progress: { done, total: 4 },
      brandId: BRAND.id,
      createdAt: '2026-11-20T00:00:00.000Z',
      updatedAt: `2026-11-20T00:00:0${done}.000Z`,
    });
    let planned = false;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const api = routes(
      {
        [`POST /campaigns/${CAMPAIGN.id}/plan`]: () =>
          json(202, { jobId: 'plan-1', status: 'queued', kind: 'campaign.plan', links: { self: '/api/v1/jobs/plan-1' } }),
        // The stream shows progress, then stays open until the test lets the plan finish.
        'GET /jobs/plan-1/events': () => {
          const enc = new TextEncoder();
          const send = (event: string, data: unknown) => enc.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
          const body = new ReadableStream<Uint8Array>({
            async start(c) {
              c.enqueue(send('progress', job('running', 2)));
              await gate;
              planned = true;
              c.enqueue(send('succeeded', { ...job('succeeded', 4), result: { campaignId: CAMPAIGN.id, entries: 12, kept: 0 } }));
              c.close();
            },
          });
          return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
        },
        'GET /jobs/plan-1': () => json(200, job('running', 1)),
      },
      [],
    );
    const first = renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Plan the campaign' }));
    expect(await screen.findByLabelText('Planning progress')).toBeInTheDocument();
    expect(await screen.findByText('Planning the campaign calendar')).toBeInTheDocument();
    expect(screen.getByText('2 of 4 steps')).toBeInTheDocument();

    // "Reload": a new app on the same tab storage finds the job and follows it to the end.
    first.unmount();
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    expect(await screen.findByText('Planning the campaign calendar')).toBeInTheDocument();
    release();
    expect(await screen.findByText('The calendar is ready')).toBeInTheDocument();
    expect(screen.getByText('12 posts planned.')).toBeInTheDocument();
    expect(planned).toBe(true);
    expect(api.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/plan'))).toHaveLength(1);
  });

  it('shows each entry with its platform mark, time and the post’s first words, and moves it to another day and time', async () => {
    let moved: unknown;
    const withPost = entry('e1', '2026-12-02', { contentId: CONTENT.id, topic: 'New Huila beans' });
    const server = [withPost];
    const api = routes({
      [`GET /campaigns/${CAMPAIGN.id}/calendar`]: () => json(200, { items: server }),
      'GET /content': () => json(200, { items: [CONTENT], nextCursor: null }),
      'PATCH /calendar/e1': (req) => {
        moved = req.body;
        server[0] = { ...withPost, date: '2026-12-04', time: '16:15' };
        return json(200, server[0]);
      },
    });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const chip = await within(await screen.findByRole('gridcell', { name: /, 2 December 2026/ })).findByRole('button', {
      name: /^LinkedIn 09:30, drafted: Huila beans have landed/,
    });
    expect(within(chip).getByRole('img', { name: 'LinkedIn' })).toBeInTheDocument();
    expect(chip).toHaveTextContent('09:30');
    expect(chip).toHaveTextContent('Huila beans have landed. Bright, floral, and roasted this week.');
    const user = userEvent.setup();
    await user.click(chip);
    fireEvent.change(await screen.findByLabelText('Move to'), { target: { value: '2026-12-04' } });
    fireEvent.change(screen.getByLabelText('Time'), { target: { value: '16:15' } });
    await user.click(screen.getByRole('button', { name: 'Move' }));
    await waitFor(() => expect(moved).toEqual({ date: '2026-12-04', time: '16:15' }));
    expect(await within(cell(/, 4 December 2026/)).findByRole('button', { name: /^LinkedIn 16:15, drafted/ })).toBeInTheDocument();
  });

  it('asks before planning again, says what will be replaced, and plans only when confirmed', async () => {
    const entries = [entry('e1', '2026-12-02'), entry('e2', '2026-12-03', { status: 'approved' }), entry('e3', '2026-12-04')];
    const api = routes(
      {
        [`POST /campaigns/${CAMPAIGN.id}/plan`]: () =>
          json(202, { jobId: 'plan-2', status: 'queued', kind: 'campaign.plan', links: { self: '/api/v1/jobs/plan-2' } }),
      },
      entries,
    );
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Plan again' }));
    const dialog = await screen.findByRole('dialog', { name: 'Plan this campaign again?' });
    expect(dialog).toHaveTextContent('2 posts that are not approved yet will be replaced, and their drafts are deleted');
    expect(dialog).toHaveTextContent('1 approved, scheduled or published post stays where it is.');
    await user.click(within(dialog).getByRole('button', { name: 'Keep the current plan' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/plan'))).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Plan again' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Replace 2 drafts' }));
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/plan'))).toHaveLength(1));
  });

  it('shows an agenda on a phone instead of seven squeezed columns', async () => {
    const original = window.matchMedia;
    window.matchMedia = vi.fn((query: string) => ({ ...original(query), matches: /max-width/.test(query) })) as typeof window.matchMedia;
    try {
      renderApp({ path: PATH, fetch: routes({}, [entry('e1', '2026-12-02'), entry('e2', '2026-12-09')]).fetch, signedIn: true });
      const agenda = await screen.findByRole('list', { name: 'Agenda, December 2026' });
      expect(within(agenda).getAllByRole('listitem')).toHaveLength(2);
      expect(screen.queryByRole('grid')).not.toBeInTheDocument();
      expect(within(agenda).getByRole('button', { name: /^LinkedIn 09:30, drafted: Topic e2$/ })).toBeInTheDocument();
    } finally {
      window.matchMedia = original;
    }
  });
});
