import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DevMail } from '../api/types';
import { fakeFetch, json, problem, sessionRoutes } from '../test/fake-api';
import { renderApp } from '../test/render';

const INVITATION: DevMail = {
  id: 'mail-1',
  from: 'Marketing Team <no-reply@marketing-team.local>',
  to: ['sam@example.com'],
  subject: 'Maya invited you to Harbour Bakery',
  text: 'Maya invited you to Harbour Bakery as an editor.\n\nAccept: http://localhost:3000/invitations/accept?token=abc123\n\nThe link works for 7 days.',
  sentAt: '2026-12-03T09:15:00.000Z',
};

describe('Dev inbox', () => {
  it('shows the mails kept on this machine, with their links ready to follow', async () => {
    const api = fakeFetch({ ...sessionRoutes(), 'GET /dev/inbox': () => json(200, { items: [INVITATION] }) });
    renderApp({ path: '/dev-inbox', fetch: api.fetch, signedIn: true });

    const mail = await screen.findByRole('article', { name: INVITATION.subject }, { timeout: 20_000 });
    expect(within(mail).getByText(/^From Marketing Team/)).toBeInTheDocument();
    const link = within(mail).getByRole('link', { name: 'http://localhost:3000/invitations/accept?token=abc123' });
    expect(link).toHaveAttribute('href', 'http://localhost:3000/invitations/accept?token=abc123');
    expect(mail).toHaveTextContent('The link works for 7 days.');
  });

  it('says there is no dev inbox where mail goes out over SMTP (the API answers 404)', async () => {
    const api = fakeFetch({ ...sessionRoutes(), 'GET /dev/inbox': () => problem(404, 'NOT_FOUND') });
    renderApp({ path: '/dev-inbox', fetch: api.fetch, signedIn: true });

    expect(await screen.findByText('There is no dev inbox here: this install sends mail over SMTP.', undefined, { timeout: 20_000 })).toBeInTheDocument();
    expect(screen.queryByRole('article')).not.toBeInTheDocument();
  });

  it('says so when no mail has come yet', async () => {
    const api = fakeFetch({ ...sessionRoutes(), 'GET /dev/inbox': () => json(200, { items: [] }) });
    renderApp({ path: '/dev-inbox', fetch: api.fetch, signedIn: true });

    expect(await screen.findByText('No mails for you yet.', undefined, { timeout: 20_000 })).toBeInTheDocument();
  });
});
