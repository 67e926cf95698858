import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DevMail, Invitation } from '../api/types';
import { BRAND, fakeFetch, json, problem, sessionRoutes, USER } from '../test/fake-api';
import { renderApp } from '../test/render';

const invitation = (id: string, email: string, extra: Partial<Invitation> = {}): Invitation => ({
  id,
  brandId: BRAND.id,
  brandName: BRAND.name,
  email,
  role: 'editor',
  status: 'pending',
  invitedBy: 'Ada Lovelace',
  createdAt: '2026-11-20T00:00:00.000Z',
  expiresAt: '2026-11-27T00:00:00.000Z',
  ...extra,
});

describe('invitations', () => {
  it('invites by email from the members tab, says "Invitation sent", and lists and revokes pending invitations', async () => {
    let pending: Invitation[] = [invitation('i-old', 'old@example.com', { role: 'viewer' })];
    const posted: unknown[] = [];
    const api = fakeFetch({
      ...sessionRoutes(),
      [`GET /brands/${BRAND.id}`]: () => json(200, BRAND),
      [`GET /brands/${BRAND.id}/members`]: () =>
        json(200, { items: [{ userId: USER.id, email: USER.email, name: USER.name, role: 'owner', createdAt: '2026-01-01T00:00:00.000Z' }], nextCursor: null }),
      [`GET /brands/${BRAND.id}/invitations`]: () => json(200, { items: pending, nextCursor: null }),
      [`POST /brands/${BRAND.id}/invitations`]: (req) => {
        posted.push(req.body);
        const created = invitation('i-new', 'sam@example.com');
        pending = [created, ...pending];
        return json(201, created);
      },
      'DELETE /invitations/i-old': () => {
        pending = pending.filter((i) => i.id !== 'i-old');
        return json(204, undefined);
      },
    });
    renderApp({ path: `/brands/${BRAND.id}`, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('tab', { name: 'Members' }));
    const table = await screen.findByRole('table', { name: 'Pending invitations' });
    expect(within(table).getByText('old@example.com')).toBeInTheDocument();

    const form = screen.getByRole('form', { name: 'Invite a member' });
    await user.type(within(form).getByLabelText(/^Email/), 'Sam@Example.com');
    await user.click(within(form).getByRole('button', { name: 'Send invitation' }));
    expect(await within(form).findByRole('status')).toHaveTextContent('Invitation sent to sam@example.com.');
    expect(posted).toEqual([{ email: 'Sam@Example.com', role: 'editor' }]);
    expect(await within(table).findByText('sam@example.com')).toBeInTheDocument();

    await user.click(within(table).getByRole('button', { name: 'Revoke the invitation of old@example.com' }));
    await waitFor(() => expect(screen.queryByText('old@example.com')).toBeNull());
    expect(within(screen.getByRole('table', { name: 'Pending invitations' })).getByText('sam@example.com')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'DELETE' && c.path === '/invitations/i-old')).toBe(true);
  });

  it('accepts the mailed link only on a press, and explains a link that no longer works', async () => {
    let answer = () => problem(404, 'NOT_FOUND');
    const api = fakeFetch({
      ...sessionRoutes(),
      'POST /invitations/tok-123/accept': () => answer(),
    });
    renderApp({ path: '/accept-invitation?token=tok-123', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const button = await screen.findByRole('button', { name: 'Accept invitation' });
    expect(screen.getByText(/You are signed in as/)).toHaveTextContent(`You are signed in as ${USER.email}`);
    expect(api.calls.filter((c) => c.path.startsWith('/invitations/'))).toEqual([]);

    await user.click(button);
    expect(await screen.findByRole('alert')).toHaveTextContent(`addressed to another email than ${USER.email}`);
    answer = () => json(200, { brandId: BRAND.id, brandName: BRAND.name, role: 'viewer' });
    await user.click(screen.getByRole('button', { name: 'Accept invitation' }));
    expect(await screen.findByRole('status')).toHaveTextContent('You joined Northside Coffee as viewer.');
    expect(screen.getByRole('link', { name: 'Open Northside Coffee' })).toHaveAttribute('href', `/brands/${BRAND.id}`);
  });

  it("lists the user's own invitations and accepts one in the app", async () => {
    let mine = [invitation('i-1', USER.email, { brandName: 'Harbour Bakery', role: 'viewer' })];
    const api = fakeFetch({
      ...sessionRoutes(),
      'GET /invitations': () => json(200, { items: mine, nextCursor: null }),
      'POST /invitations/i-1/accept': () => {
        mine = [];
        return json(200, { brandId: 'b-2', brandName: 'Harbour Bakery', role: 'viewer' });
      },
    });
    renderApp({ path: '/invitations', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    expect(await screen.findByText('Harbour Bakery')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Accept the invitation to Harbour Bakery' }));
    expect(await screen.findByRole('status')).toHaveTextContent('You joined Harbour Bakery as viewer.');
    expect(await screen.findByText('No pending invitations for your email.')).toBeInTheDocument();
  });
});

/* Mantine's menu finishes its opening transition on a timer jsdom does not run: its items stay display:none, hence `hidden: true`. */
describe('dev inbox', () => {
  const mail: DevMail = {
    id: 'm1',
    from: 'no-reply@localhost',
    to: [USER.email],
    subject: 'You are invited to Harbour Bakery on Marketing Team',
    text: 'To accept, open this link:\nhttp://localhost:3000/accept-invitation?token=abc\n',
    sentAt: '2026-11-20T10:00:00.000Z',
  };

  it("shows the signed-in user's mails with their links, and is reachable from the account menu", async () => {
    const api = fakeFetch({ ...sessionRoutes(), 'GET /dev/inbox': () => json(200, { items: [mail], nextCursor: null }) });
    renderApp({ path: '/', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Account menu' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Dev inbox', hidden: true }));
    const article = await screen.findByRole('article', { name: mail.subject });
    expect(within(article).getByRole('link', { name: 'http://localhost:3000/accept-invitation?token=abc' })).toHaveAttribute(
      'href',
      'http://localhost:3000/accept-invitation?token=abc',
    );
  });

  it('says there is none where mail goes out over SMTP, and the menu does not offer it', async () => {
    const api = fakeFetch({ ...sessionRoutes(), 'GET /dev/inbox': () => problem(404, 'NOT_FOUND') });
    renderApp({ path: '/dev-inbox', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    expect(await screen.findByText('There is no dev inbox here: this install sends mail over SMTP.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Account menu' }));
    expect(await screen.findByRole('menuitem', { name: 'Invitations', hidden: true })).toBeInTheDocument();
    expect(screen.queryByRole('menuitem', { name: 'Dev inbox', hidden: true })).toBeNull();
  });
});
