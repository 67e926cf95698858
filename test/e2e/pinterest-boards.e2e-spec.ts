import { randomUUID } from 'node:crypto';
import { ChannelGateway } from '../../apps/publishing-agent/src/channels/channel-gateway.port';
import { PinterestFake } from '../../apps/publishing-agent/test/fakes';
import { AGENT_MODULES } from '../../tools/run/platform';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, registerUser, startTestPlatform, type TestPlatform } from '../support/platform';
import { joinBrand } from '../support/members';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');

function gatewayOf(p: TestPlatform): ChannelGateway {
  const index = Object.keys(AGENT_MODULES).indexOf('publishing-agent');
  return p.platform.agents[index].get(ChannelGateway, { strict: false });
}

/** ADR 207: a Pinterest connection pins to the board its editors choose, among the account's boards that are not secret. */
describe.each(PLATFORM_MODES)('Pinterest boards (%s)', (mode) => {
  let p: TestPlatform;
  let pinterest: PinterestFake;
  let brandId: string;
  let connectionId: string;
  const tokens: Record<'owner' | 'editor' | 'viewer' | 'stranger', string> = { owner: '', editor: '', viewer: '', stranger: '' };

  beforeAll(async () => {
    pinterest = await new PinterestFake().start();
    p = await startTestPlatform(mode, {
      CHANNEL_RETRY_BASE_MS: '20',
      CHANNEL_TIMEOUT_MS: '1500',
      PINTEREST_CLIENT_ID: pinterest.clientId,
      PINTEREST_CLIENT_SECRET: pinterest.clientSecret,
      PINTEREST_API_URL: pinterest.url,
      PINTEREST_AUTHORIZE_URL: pinterest.authorizeUrl,
    });
    const [owner, editor, viewer, stranger] = [
      await registerUser(p.url, 'owner'),
      await registerUser(p.url, 'editor'),
      await registerUser(p.url, 'viewer'),
      await registerUser(p.url, 'stranger'),
    ];
    Object.assign(tokens, { owner: owner.accessToken, editor: editor.accessToken, viewer: viewer.accessToken, stranger: stranger.accessToken });
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token: tokens.owner, body: { name: 'Acme Coffee' } });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
    await joinBrand(p.url, tokens.owner, brandId, { email: editor.user.email, token: editor.accessToken }, 'editor');
    await joinBrand(p.url, tokens.owner, brandId, { email: viewer.user.email, token: viewer.accessToken }, 'viewer');

    // The owner connects Pinterest as a browser would: start → consent → callback.
    const start = await api(p.url, 'GET', `/api/v1/connections/pinterest/oauth/start?brandId=${brandId}`, { token: tokens.owner });
    expect(start.status).toBe(200);
    const consent = await fetch(start.body.authorizeUrl, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location') as string);
    const callback = await fetch(`${p.url}${back.pathname}${back.search}`, {
      redirect: 'manual',
      headers: { cookie: (start.headers.get('set-cookie') ?? '').split(';')[0] },
    });
    expect(callback.headers.get('location')).toBe('/channels?connected=pinterest');
    const list = await api(p.url, 'GET', `/api/v1/connections?brandId=${brandId}`, { token: tokens.owner });
    connectionId = list.body.items.find((c: { platform: string }) => c.platform === 'pinterest').id;
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
    await pinterest?.stop();
  });

  it('lists the account’s boards to the brand’s members, the secret one marked and not selectable, the connected one selected', async () => {
    for (const who of ['viewer', 'editor', 'owner'] as const) {
      const r = await api(p.url, 'GET', `/api/v1/connections/${connectionId}/boards`, { token: tokens[who] });
      expect({ who, status: r.status }).toEqual({ who, status: 200 });
      expect(r.body).toEqual({
        items: [
          { id: '549755885001', name: 'Secret plans', privacy: 'SECRET', selectable: false, selected: false },
          { id: '549755885002', name: 'Coffee at home', privacy: 'PUBLIC', selectable: true, selected: true },
          { id: '549755885003', name: 'Latte art', privacy: 'PUBLIC', selectable: true, selected: false },
          { id: '549755885004', name: 'Wholesale partners', privacy: 'PROTECTED', selectable: true, selected: false },
        ],
        nextCursor: null,
      });
    }
    // Someone outside the brand does not learn the connection exists.
    const stranger = await api(p.url, 'GET', `/api/v1/connections/${connectionId}/boards`, { token: tokens.stranger });
    expect({ status: stranger.status, code: stranger.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
  });

  it('lets an editor choose another board: the connection says so, and the next Pin lands on it', async () => {
    const chosen = await api(p.url, 'PATCH', `/api/v1/connections/${connectionId}`, { token: tokens.editor, body: { config: { boardId: '549755885003' } } });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({ id: connectionId, platform: 'pinterest', displayName: 'acmecoffee · Latte art', status: 'active' });
    expect(chosen.body).not.toHaveProperty('config');

    const boards = await api(p.url, 'GET', `/api/v1/connections/${connectionId}/boards`, { token: tokens.viewer });
    expect(boards.body.items.filter((b: { selected: boolean }) => b.selected).map((b: { name: string }) => b.name)).toEqual(['Latte art']);
    const list = await api(p.url, 'GET', `/api/v1/connections?brandId=${brandId}`, { token: tokens.viewer });
    expect(list.body.items.find((c: { id: string }) => c.id === connectionId).displayName).toBe('acmecoffee · Latte art');

    const out = await gatewayOf(p).publish(connectionId, {
      contentId: randomUUID(),
      brandId,
      hashtags: ['latteart'],
      body: 'A rosetta for Friday',
      idempotencyKey: randomUUID(),
      media: [{ id: randomUUID(), kind: 'image', mimeType: 'image/png', fileName: 'dot.png', bytes: PNG, width: 1, height: 1, altText: 'A dot', focus: null }],
    });
    expect(out).toMatchObject({ kind: 'published' });
    expect(pinterest.pins.at(-1)).toMatchObject({ board_id: '549755885003', description: 'A rosetta for Friday\n\n#latteart' });
  });

  it('refuses a secret board, a board the account does not have, a viewer, unknown fields and a channel that is not Pinterest', async () => {
    const patch = (token: string, body: unknown, id = connectionId) => api(p.url, 'PATCH', `/api/v1/connections/${id}`, { token, body });
    const secret = await patch(tokens.editor, { config: { boardId: '549755885001' } });
    expect({ status: secret.status, code: secret.body.code, field: secret.body.errors?.[0]?.field }).toEqual({
      status: 422,
      code: 'SECRET_BOARD',
      field: 'config.boardId',
    });
    expect(secret.body.detail).toContain('Secret plans');
    const unknown = await patch(tokens.editor, { config: { boardId: '999999999999' } });
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 422, code: 'UNKNOWN_BOARD' });
    const viewer = await patch(tokens.viewer, { config: { boardId: '549755885002' } });
    expect({ status: viewer.status, code: viewer.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    const extra = await patch(tokens.editor, { config: { boardId: '549755885002', boardName: 'Mine' } });
    expect({ status: extra.status, code: extra.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    const displayName = await patch(tokens.editor, { displayName: 'Renamed', config: { boardId: '549755885002' } });
    expect({ status: displayName.status, code: displayName.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    // Nothing of it changed the board.
    const boards = await api(p.url, 'GET', `/api/v1/connections/${connectionId}/boards`, { token: tokens.viewer });
    expect(boards.body.items.find((b: { selected: boolean }) => b.selected).id).toBe('549755885003');

    const webhook = await api(p.url, 'POST', '/api/v1/connections', {
      token: tokens.owner,
      body: { brandId, platform: 'webhook', config: { url: 'https://example.com/hooks', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } },
    });
    expect(webhook.status).toBe(201);
    const list = await api(p.url, 'GET', `/api/v1/connections/${webhook.body.id}/boards`, { token: tokens.viewer });
    expect({ status: list.status, code: list.body.code }).toEqual({ status: 422, code: 'BOARDS_NOT_SUPPORTED' });
    expect(list.body.detail).toContain('only a Pinterest connection pins to a board');
    const choose = await patch(tokens.editor, { config: { boardId: '549755885002' } }, webhook.body.id);
    expect({ status: choose.status, code: choose.body.code }).toEqual({ status: 422, code: 'BOARDS_NOT_SUPPORTED' });
  });
});
