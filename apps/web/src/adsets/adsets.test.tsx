import { notifications } from '@mantine/notifications';
import { act, fireEvent, screen, waitFor, waitForElementToBeRemoved, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { AdSet } from '../api/types';
import { BRAND, fakeFetch, json, problem, sessionRoutes } from '../test/fake-api';
import { CAMPAIGN } from '../test/fixtures';
import { renderApp } from '../test/render';

const PATH = `/campaigns/${CAMPAIGN.id}`;
const ADSETS = `/campaigns/${CAMPAIGN.id}/adsets`;

const adSet = (id: string, extra: Partial<AdSet> = {}): AdSet => ({
  id,
  campaignId: CAMPAIGN.id,
  brandId: BRAND.id,
  name: `Ad set ${id}`,
  platform: 'linkedin',
  dailyBudget: 50,
  totalBudget: 1000,
  startDate: null,
  endDate: null,
  status: 'active',
  spentTotal: 0,
  lastSpendDate: null,
  lastDaySpend: 0,
  expectedSpend: null,
  paceRatio: null,
  flags: [],
  createdAt: '2026-11-25T00:00:00.000Z',
  updatedAt: '2026-11-25T00:00:00.000Z',
  ...extra,
});

const OVERPACING = 'Spent 450.00 by 2026-12-06, 110 % ahead of an even pace (214.29 by day 6 of 28)';
const RETARGETING = adSet('a1', {
  name: 'Retargeting — LinkedIn',
  spentTotal: 450,
  lastSpendDate: '2026-12-06',
  lastDaySpend: 80,
  expectedSpend: 214.29,
  paceRatio: 2.1,
  flags: [
    { kind: 'daily_overspend', day: '2026-12-06', message: 'Spent 80.00 on 2026-12-06, over the daily budget of 50.00', at: '2026-12-06T10:00:00.000Z' },
    { kind: 'overpacing', message: OVERPACING, at: '2026-12-06T10:00:00.000Z' },
  ],
});
const PROSPECTING = adSet('a2', {
  name: 'Prospecting — Mastodon',
  platform: 'mastodon',
  status: 'paused',
  dailyBudget: 20,
  totalBudget: 280,
  spentTotal: 280,
  lastSpendDate: '2026-12-05',
  lastDaySpend: 20,
  flags: [{ kind: 'budget_exhausted', message: 'Spent 280.00 of the total budget of 280.00: the ad set is paused', at: '2026-12-05T10:00:00.000Z' }],
});
const LAUNCH = adSet('a3', {
  name: 'Launch — X',
  platform: 'x',
  status: 'draft',
  dailyBudget: 1234.5,
  totalBudget: 12345.67,
  startDate: '2026-12-10',
  endDate: '2026-12-20',
});
const STEADY = adSet('a4', { name: 'Steady — LinkedIn', spentTotal: 105, lastSpendDate: '2026-12-03', lastDaySpend: 35, expectedSpend: 100, paceRatio: 1.05 });

function routes(extra: Parameters<typeof fakeFetch>[0] = {}, items: AdSet[] = [RETARGETING, PROSPECTING, LAUNCH, STEADY]) {
  return fakeFetch({
    ...sessionRoutes(),
    [`GET /campaigns/${CAMPAIGN.id}`]: () => json(200, CAMPAIGN),
    [`GET /campaigns/${CAMPAIGN.id}/calendar`]: () => json(200, { items: [] }),
    [`GET /brands/${BRAND.id}/recommendations`]: () => json(200, { items: [] }),
    [`GET ${ADSETS}`]: () => json(200, { items, nextCursor: null }),
    ...extra,
  });
}

const section = () => screen.getByRole('region', { name: 'Ad sets' });
const row = (name: RegExp) => within(section()).getByRole('row', { name });
const findRow = async (name: RegExp) => within(await screen.findByRole('region', { name: 'Ad sets' })).findByRole('row', { name });

describe('ad sets of a campaign', () => {
  afterEach(() => act(() => notifications.clean()));

  it('lists each ad set with its status, budgets, spend against the total budget and pacing', async () => {
    renderApp({ path: PATH, fetch: routes().fetch, signedIn: true });
    const retargeting = within(await findRow(/Retargeting — LinkedIn/));
    expect(retargeting.getByText('active')).toBeInTheDocument();
    expect(retargeting.getByText('50.00')).toBeInTheDocument();
    expect(retargeting.getByText('1,000.00')).toBeInTheDocument();
    expect(retargeting.getByText('450.00 of 1,000.00')).toBeInTheDocument();
    expect(retargeting.getByRole('progressbar', { name: 'Retargeting — LinkedIn: 45% of the total budget spent' })).toBeInTheDocument();
    expect(retargeting.getByText('Latest: 80.00 on 2026-12-06')).toBeInTheDocument();
    expect(retargeting.getByText('Spent 80.00 on 2026-12-06, over the daily budget of 50.00')).toBeInTheDocument();
    expect(retargeting.getByText('Overpacing')).toBeInTheDocument();
    expect(retargeting.getByText(OVERPACING)).toBeInTheDocument();
    expect(retargeting.getByText('Over daily budget')).toBeInTheDocument();
    expect(retargeting.getByRole('button', { name: 'Pause Retargeting — LinkedIn' })).toBeInTheDocument();

    const prospecting = within(row(/Prospecting — Mastodon/));
    expect(prospecting.getByText('paused')).toBeInTheDocument();
    expect(prospecting.getByText('Mastodon · 2026-12-01 → 2026-12-28')).toBeInTheDocument();
    expect(prospecting.getByText('Budget spent')).toBeInTheDocument();
    expect(prospecting.getByRole('progressbar', { name: 'Prospecting — Mastodon: 100% of the total budget spent' })).toBeInTheDocument();
    expect(prospecting.getByRole('button', { name: 'Resume Prospecting — Mastodon' })).toBeInTheDocument();

    const launch = within(row(/Launch — X/));
    expect(launch.getByText('draft')).toBeInTheDocument();
    expect(launch.getByText('X · 2026-12-10 → 2026-12-20')).toBeInTheDocument();
    expect(launch.getByText('1,234.50')).toBeInTheDocument();
    expect(launch.getByText('12,345.67')).toBeInTheDocument();
    expect(launch.getByText('No spend yet')).toBeInTheDocument();
    expect(launch.getByRole('button', { name: 'Activate Launch — X' })).toBeInTheDocument();

    const steady = within(row(/Steady — LinkedIn/));
    expect(steady.getByText('On pace')).toBeInTheDocument();
    expect(steady.getByText('105% of an even pace (100.00 expected by 2026-12-03)')).toBeInTheDocument();

    expect(within(section()).getByText('835.00 spent of 14,625.67 across 4 ad sets')).toBeInTheDocument();
  });

  it('creates an ad set: the server’s field error shows on its field, and the corrected one is listed', async () => {
    const server: AdSet[] = [];
    const posted: { body: unknown; key: string | undefined }[] = [];
    const api = routes(
      {
        [`GET ${ADSETS}`]: () => json(200, { items: server, nextCursor: null }),
        [`POST ${ADSETS}`]: (req) => {
          posted.push({ body: req.body, key: req.headers['idempotency-key'] });
          const body = req.body as { name: string; dailyBudget: number; totalBudget: number };
          if (body.totalBudget > 500)
            return problem(400, 'VALIDATION_FAILED', {
              detail: 'totalBudget must not exceed the campaign budget',
              errors: [{ field: 'totalBudget', message: 'must not exceed the campaign budget of 500.00' }],
            });
          const created = adSet('new1', { ...body, status: 'draft' });
          server.push(created);
          return json(201, created);
        },
      },
      [],
    );
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    expect(await within(await screen.findByRole('region', { name: 'Ad sets' })).findByText(/No ad set yet/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'New ad set' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'New ad set' }));

    // Checked before sending, as the API would.
    await user.click(dialog.getByRole('button', { name: 'Create ad set' }));
    expect(dialog.getAllByText('is required')).toHaveLength(3);
    expect(posted).toHaveLength(0);

    await user.type(dialog.getByLabelText(/^Name/), 'Retargeting — LinkedIn');
    await user.type(dialog.getByLabelText(/^Daily budget/), '40');
    await user.type(dialog.getByLabelText(/^Total budget/), '600');
    await user.click(dialog.getByRole('button', { name: 'Create ad set' }));
    expect(await dialog.findByText('must not exceed the campaign budget of 500.00')).toBeInTheDocument();
    expect(dialog.getByLabelText(/^Total budget/)).toHaveAttribute('aria-invalid', 'true');
    expect(dialog.getByLabelText(/^Daily budget/)).not.toHaveAttribute('aria-invalid', 'true');

    await user.clear(dialog.getByLabelText(/^Total budget/));
    await user.type(dialog.getByLabelText(/^Total budget/), '480.5');
    await user.click(dialog.getByRole('button', { name: 'Create ad set' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByText('Ad set “Retargeting — LinkedIn” is created as a draft.')).toBeInTheDocument();
    const created = within(await findRow(/Retargeting — LinkedIn/));
    expect(created.getByText('draft')).toBeInTheDocument();
    expect(created.getByText('40.00')).toBeInTheDocument();
    expect(created.getByText('480.50')).toBeInTheDocument();

    expect(posted.map((p) => p.body)).toEqual([
      { name: 'Retargeting — LinkedIn', platform: 'linkedin', dailyBudget: 40, totalBudget: 600 },
      { name: 'Retargeting — LinkedIn', platform: 'linkedin', dailyBudget: 40, totalBudget: 480.5 },
    ]);
    // A corrected body is a new request: it must not replay the refusal kept under the first key.
    expect(posted[0].key).toBeTruthy();
    expect(posted[1].key).not.toBe(posted[0].key);
  });

  it('pauses an ad set at once, and puts it back with the reason when the server refuses', async () => {
    let refuse!: (r: Response) => void;
    let sent: unknown;
    const api = routes({
      [`PATCH /adsets/${RETARGETING.id}`]: (req) => {
        sent = req.body;
        return new Promise<Response>((r) => (refuse = r));
      },
    });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(within(await findRow(/Retargeting — LinkedIn/)).getByRole('button', { name: 'Pause Retargeting — LinkedIn' }));

    // Optimistic: paused before the server answers.
    await waitFor(() => expect(within(row(/Retargeting — LinkedIn/)).getByText('paused')).toBeInTheDocument());
    expect(within(row(/Retargeting — LinkedIn/)).getByRole('button', { name: 'Resume Retargeting — LinkedIn' })).toBeDisabled();
    expect(sent).toEqual({ status: 'paused' });

    refuse(problem(409, 'CONFLICT', { detail: 'An ad set cannot go from completed to paused' }));
    expect(await screen.findByText('The ad set could not be paused')).toBeInTheDocument();
    expect(screen.getByText('An ad set cannot go from completed to paused Your change was undone.')).toBeInTheDocument();
    await waitFor(() => expect(within(row(/Retargeting — LinkedIn/)).getByText('active')).toBeInTheDocument());
    expect(within(row(/Retargeting — LinkedIn/)).queryByText('paused')).not.toBeInTheDocument();
    expect(within(row(/Retargeting — LinkedIn/)).getByRole('button', { name: 'Pause Retargeting — LinkedIn' })).toBeEnabled();
  });

  it('records spend and says which pacing flag it raised', async () => {
    let server = STEADY;
    let sent: { body: unknown; key: string | undefined } | undefined;
    const api = routes(
      {
        [`GET ${ADSETS}`]: () => json(200, { items: [server], nextCursor: null }),
        [`POST /adsets/${STEADY.id}/spend`]: (req) => {
          sent = { body: req.body, key: req.headers['idempotency-key'] };
          const message = 'Spent 225.00 by 2026-12-04, 69 % ahead of an even pace (133.33 by day 4 of 28)';
          server = {
            ...STEADY,
            spentTotal: 225,
            lastSpendDate: '2026-12-04',
            lastDaySpend: 120,
            expectedSpend: 133.33,
            paceRatio: 1.69,
            flags: [{ kind: 'overpacing', message, at: '2026-12-04T12:00:00.000Z' }],
          };
          return json(200, server);
        },
      },
      [STEADY],
    );
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(within(await findRow(/Steady — LinkedIn/)).getByRole('button', { name: 'Record spend for Steady — LinkedIn' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Record spend for Steady — LinkedIn' }));
    await user.type(dialog.getByLabelText(/^Amount spent/), '120');
    fireEvent.change(dialog.getByLabelText(/^Day/), { target: { value: '2026-12-04' } });
    await user.click(dialog.getByRole('button', { name: 'Record spend' }));

    expect(await screen.findByText('Spend recorded: Steady — LinkedIn needs attention')).toBeInTheDocument();
    expect(sent?.body).toEqual({ amount: 120, date: '2026-12-04' });
    expect(sent?.key).toBeTruthy();
    const steady = within(row(/Steady — LinkedIn/));
    expect(steady.getByText('225.00 of 1,000.00')).toBeInTheDocument();
    expect(steady.getByText('Overpacing')).toBeInTheDocument();
    expect(steady.queryByText('On pace')).not.toBeInTheDocument();
  });

  it('edits the budgets, sending only what changed, and shows a refused budget on its field', async () => {
    const patches: unknown[] = [];
    let server = RETARGETING;
    const api = routes(
      {
        [`GET ${ADSETS}`]: () => json(200, { items: [server], nextCursor: null }),
        [`PATCH /adsets/${RETARGETING.id}`]: (req) => {
          patches.push(req.body);
          const changes = req.body as { totalBudget: number };
          if (changes.totalBudget < 500)
            return problem(400, 'VALIDATION_FAILED', { errors: [{ field: 'totalBudget', message: 'must not be below the 450.00 already spent' }] });
          server = { ...RETARGETING, ...changes, flags: [] };
          return json(200, server);
        },
      },
      [RETARGETING],
    );
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(within(await findRow(/Retargeting — LinkedIn/)).getByRole('button', { name: 'Edit budgets of Retargeting — LinkedIn' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Budgets of Retargeting — LinkedIn' }));
    const total = dialog.getByLabelText(/^Total budget/);
    expect(total).toHaveValue('1,000');
    await user.clear(total);
    await user.type(total, '400');
    await user.click(dialog.getByRole('button', { name: 'Save budgets' }));
    expect(await dialog.findByText('must not be below the 450.00 already spent')).toBeInTheDocument();
    expect(total).toHaveAttribute('aria-invalid', 'true');

    await user.clear(total);
    await user.type(total, '2000');
    await user.click(dialog.getByRole('button', { name: 'Save budgets' }));
    await waitForElementToBeRemoved(() => screen.queryByRole('dialog'));
    expect(patches).toEqual([{ totalBudget: 400 }, { totalBudget: 2000 }]);
    await waitFor(() => expect(within(row(/Retargeting — LinkedIn/)).getByText('450.00 of 2,000.00')).toBeInTheDocument());
    expect(within(row(/Retargeting — LinkedIn/)).queryByText('Overpacing')).not.toBeInTheDocument();
  });

  it('shows a viewer the ad sets with their pacing, and no way to change them', async () => {
    const api = routes({ 'GET /brands': () => json(200, { items: [{ ...BRAND, role: 'viewer' }], nextCursor: null }) });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const retargeting = within(await findRow(/Retargeting — LinkedIn/));
    expect(retargeting.getByText('450.00 of 1,000.00')).toBeInTheDocument();
    expect(retargeting.getByText('Overpacing')).toBeInTheDocument();
    expect(within(row(/Prospecting — Mastodon/)).getByText('Budget spent')).toBeInTheDocument();

    // The role is known once the brands are loaded: only then is the absence of actions meaningful.
    await waitFor(() => expect(screen.getByLabelText('Active brand')).toHaveValue(BRAND.id));
    expect(within(section()).queryAllByRole('button')).toHaveLength(0);
    expect(screen.queryByRole('button', { name: 'New ad set' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^(Pause|Resume|Activate|Edit budgets|Record spend)/ })).not.toBeInTheDocument();
    expect(api.calls.filter((c) => c.method !== 'GET' && c.path.includes('adsets'))).toHaveLength(0);
  });

  it('checks a new ad set and a spend with the API’s shapes: an amount over the limit gets the shape’s message and no request', async () => {
    const api = routes();
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const refusal = 'must be an amount from 0.01 to 10000000 with at most 2 decimal places';

    await user.click(await screen.findByRole('button', { name: 'New ad set' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'New ad set' }));
    await user.type(dialog.getByLabelText(/^Name/), 'Launch — LinkedIn');
    await user.type(dialog.getByLabelText(/^Total budget/), '600');
    // Sent with Enter from the field: no blur, so the field does not clamp what was typed.
    await user.type(dialog.getByLabelText(/^Daily budget/), '20000000{Enter}');
    expect(await dialog.findByText(refusal)).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Close' }));

    await user.click(within(await findRow(/Steady — LinkedIn/)).getByRole('button', { name: 'Record spend for Steady — LinkedIn' }));
    const spend = within(await screen.findByRole('dialog', { name: 'Record spend for Steady — LinkedIn' }));
    fireEvent.change(spend.getByLabelText(/^Day/), { target: { value: '2026-12-04' } });
    await user.type(spend.getByLabelText(/^Amount spent/), '20000000{Enter}');
    expect(await spend.findByText(refusal)).toBeInTheDocument();
    expect(api.calls.filter((c) => c.method === 'POST' && c.path.includes('adsets'))).toHaveLength(0);
  });
});
