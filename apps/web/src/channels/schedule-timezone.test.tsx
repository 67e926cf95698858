import { notifications } from '@mantine/notifications';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { BRAND, fakeFetch, json, sessionRoutes } from '../test/fake-api';
import { renderApp } from '../test/render';

const SETTINGS = {
  brandId: BRAND.id,
  autoApprove: false,
  timezone: null as string | null,
  effectiveTimezone: 'UTC',
  utm: { enabled: false, template: null, effectiveTemplate: 'utm_source={platform}' },
  shortenLinks: false,
  updatedAt: null,
};

describe('channels: schedule time zone', () => {
  afterEach(() => act(() => notifications.clean()));

  it('is picked from the IANA zones, as on the brand form, not typed free; “the brand’s own” sends none', async () => {
    const sent: { timezone: string | null }[] = [];
    const api = fakeFetch({
      ...sessionRoutes(),
      'GET /platforms': () => json(200, []),
      'GET /connections': () => json(200, { items: [], nextCursor: null }),
      [`GET /brands/${BRAND.id}/publishing-settings`]: () => json(200, SETTINGS),
      [`PUT /brands/${BRAND.id}/publishing-settings`]: (req) => {
        const body = req.body as { timezone: string | null };
        sent.push(body);
        return json(200, { ...SETTINGS, timezone: body.timezone, effectiveTimezone: body.timezone ?? 'UTC' });
      },
    });
    renderApp({ path: '/channels', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const zone = await screen.findByRole('combobox', { name: 'Schedule time zone' });
    expect(zone).toHaveValue('The brand’s own (UTC)');
    await user.clear(zone);
    await user.type(zone, 'Tokyo');
    await user.click(await screen.findByRole('option', { name: 'Asia/Tokyo', hidden: true }));
    expect(zone).toHaveValue('Asia/Tokyo');
    // Free text is not a time zone: typing after the pick does not replace it.
    await user.type(zone, 'Mars/Olympus');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(sent).toEqual([expect.objectContaining({ timezone: 'Asia/Tokyo' })]));

    await user.clear(zone);
    await user.type(zone, 'brand');
    await user.click(await screen.findByRole('option', { name: 'The brand’s own (UTC)', hidden: true }));
    expect(zone).toHaveValue('The brand’s own (UTC)');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toEqual(expect.objectContaining({ timezone: null }));
  });
});
