import { notifications } from '@mantine/notifications';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { CalendarEntry, Job } from '../api/types';
import { BRAND, fakeFetch, json, sse, sessionRoutes } from '../test/fake-api';
import { CAMPAIGN, entry } from '../test/fixtures';
import { renderApp } from '../test/render';

const PATH = `/campaigns/${CAMPAIGN.id}`;
const cell = (label: RegExp) => screen.getByRole('gridcell', { name: label });

describe('campaign calendar by keyboard', () => {
  afterEach(() => act(() => notifications.clean()));

  it('moves a focused entry a day with Alt+→ and a week with Alt+↓, keeping the focus on it, with no mouse', async () => {
    const server: CalendarEntry[] = [entry('e1', '2026-12-02')];
    const moves: unknown[] = [];
    const api = fakeFetch({
      ...sessionRoutes(),
      [`GET /campaigns/${CAMPAIGN.id}`]: () => json(200, CAMPAIGN),
      [`GET /campaigns/${CAMPAIGN.id}/calendar`]: () => json(200, { items: server }),
      [`GET /brands/${BRAND.id}/recommendations`]: () => json(200, { items: [] }),
      'PATCH /calendar/e1': (req) => {
        moves.push(req.body);
        server[0] = { ...server[0], date: (req.body as { date: string }).date };
        return json(200, server[0]);
      },
    });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const chip = await within(await screen.findByRole('gridcell', { name: /, 2 December 2026/ })).findByRole('button', { name: /Topic e1/ });
    expect(chip).toHaveAttribute('aria-keyshortcuts', expect.stringContaining('Alt+ArrowRight'));
    act(() => chip.focus());

    await user.keyboard('{Alt>}{ArrowRight}{/Alt}');
    await waitFor(() => expect(moves).toEqual([{ date: '2026-12-03' }]));
    const moved = await within(cell(/, 3 December 2026/)).findByRole('button', { name: /Topic e1/ });
    await waitFor(() => expect(moved).toHaveFocus());
    expect(within(cell(/, 2 December 2026/)).queryByRole('button', { name: /Topic e1/ })).not.toBeInTheDocument();

    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    await waitFor(() => expect(moves).toEqual([{ date: '2026-12-03' }, { date: '2026-12-10' }]));
    const again = await within(cell(/, 10 December 2026/)).findByRole('button', { name: /Topic e1/ });
    await waitFor(() => expect(again).toHaveFocus());

    // Arrow keys without Alt do not move anything (they stay the page's own).
    await user.keyboard('{ArrowLeft}');
    expect(moves).toHaveLength(2);
  });

  it('does not move an entry past the campaign’s dates, nor a published one', async () => {
    const moves: unknown[] = [];
    const api = fakeFetch({
      ...sessionRoutes(),
      [`GET /campaigns/${CAMPAIGN.id}`]: () => json(200, CAMPAIGN),
      [`GET /campaigns/${CAMPAIGN.id}/calendar`]: () => json(200, { items: [entry('e1', '2026-12-28'), entry('e2', '2026-12-10', { status: 'published' })] }),
      [`GET /brands/${BRAND.id}/recommendations`]: () => json(200, { items: [] }),
      'PATCH /calendar/e1': (req) => (moves.push(req.body), json(200, {})),
      'PATCH /calendar/e2': (req) => (moves.push(req.body), json(200, {})),
    });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const last = await within(await screen.findByRole('gridcell', { name: /, 28 December 2026/ })).findByRole('button', { name: /Topic e1/ });
    act(() => last.focus());
    await user.keyboard('{Alt>}{ArrowRight}{/Alt}');
    const published = within(cell(/, 10 December 2026/)).getByRole('button', { name: /Topic e2/ });
    expect(published).not.toHaveAttribute('aria-keyshortcuts');
    act(() => published.focus());
    await user.keyboard('{Alt>}{ArrowLeft}{/Alt}');
    await new Promise((r) => setTimeout(r, 200));
    expect(moves).toEqual([]);
    expect(within(cell(/, 28 December 2026/)).getByRole('button', { name: /Topic e1/ })).toBeInTheDocument();
  });
});

describe('campaign topics panel', () => {
  afterEach(() => act(() => notifications.clean()));

  it('refreshes the topics not covered yet once a plan is done, without a reload', async () => {
    const job = (status: Job['status']): Job => ({
      id: 'plan-1',
      kind: 'campaign.plan',
      status,
      progress: { done: 4, total: 4 },
      brandId: BRAND.id,
      createdAt: '2026-11-20T00:00:00.000Z',
      updatedAt: '2026-11-20T00:00:04.000Z',
    });
    let planned = false;
    const rec = (topic: string, pillar: string) => ({ kind: 'topic', topic, pillar, score: 1, reason: `${pillar} has no post yet`, lastCoveredAt: null });
    const api = fakeFetch({
      ...sessionRoutes(),
      [`GET /campaigns/${CAMPAIGN.id}`]: () => json(200, CAMPAIGN),
      [`GET /campaigns/${CAMPAIGN.id}/calendar`]: () => json(200, { items: planned ? [entry('e1', '2026-12-02')] : [] }),
      [`GET /brands/${BRAND.id}/recommendations`]: () =>
        json(200, { items: planned ? [rec('Latte art', 'Craft')] : [rec('Huila origin', 'Origins'), rec('Latte art', 'Craft')] }),
      [`POST /campaigns/${CAMPAIGN.id}/plan`]: () => {
        planned = true;
        return json(202, { jobId: 'plan-1', status: 'queued', kind: 'campaign.plan', links: { self: '/api/v1/jobs/plan-1' } });
      },
      'GET /jobs/plan-1/events': () => sse([{ event: 'succeeded', data: { ...job('succeeded'), result: { campaignId: CAMPAIGN.id, entries: 1, kept: 0 } } }]),
      'GET /jobs/plan-1': () => json(200, job('succeeded')),
    });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const panel = () => screen.getByRole('heading', { name: 'Topics not covered yet' }).parentElement as HTMLElement;
    await waitFor(() => expect(within(panel()).getByText('Huila origin')).toBeInTheDocument());
    await userEvent.setup().click(screen.getByRole('button', { name: 'Plan the campaign' }));
    expect(await screen.findByText('The calendar is ready')).toBeInTheDocument();
    await waitFor(() => expect(within(panel()).queryByText('Huila origin')).not.toBeInTheDocument());
    expect(within(panel()).getByText('Latte art')).toBeInTheDocument();
  });
});
