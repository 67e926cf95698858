import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { type Connection, type ContentPublishFailedEvent, createEvent } from '@mt/messages';
import { DataSource } from 'typeorm';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, registerUser, startTestPlatform, type TestPlatform, until } from '../support/platform';
import { joinBrand } from '../support/members';

/** Standard Webhooks signature, as a channel that posts to the inbound webhook makes it. */
function sign(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

describe.each(PLATFORM_MODES)('inbox and notifications (%s)', (mode) => {
  let p: TestPlatform;
  const tokens: Record<string, string> = {};
  let brandId: string;

  const register = (who: string) => registerUser(p.url, who);

  beforeAll(async () => {
    p = await startTestPlatform(mode);
    const owner = await register('owner');
    const viewer = await register('viewer');
    const outsider = await register('outsider');
    tokens.owner = owner.accessToken;
    tokens.viewer = viewer.accessToken;
    tokens.outsider = outsider.accessToken;
    const brand = await api(p.url, 'POST', '/api/v1/brands', {
      token: tokens.owner,
      body: { name: 'Harbor Bikes', tone: 'friendly, direct', bannedWords: ['guarantee', 'cheapest'] },
    });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
    await joinBrand(p.url, tokens.owner, brandId, { email: viewer.user.email, token: viewer.accessToken }, 'viewer');
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
  });
  /** publishing-agent's database, to look at what it stores. */
  const publishingDb = () => p.platform.agents.map((a) => a.get(DataSource)).find((ds) => (ds.options as { schema?: string }).schema === 'publishing')!;

  it('takes a message, drafts an AI reply with intent and sentiment, and records the reply — never with a banned word', async () => {
    const input = {
      brandId,
      channel: 'email',
      author: 'sam@example.com',
      body: 'My new bike arrived damaged, with a bent wheel. Really disappointing. I want a refund.',
    };
    expect((await api(p.url, 'POST', '/api/v1/messages', { token: tokens.viewer, body: input })).status).toBe(403);
    expect((await api(p.url, 'POST', '/api/v1/messages', { token: tokens.outsider, body: input })).status).toBe(404);
    expect((await api(p.url, 'POST', '/api/v1/messages', { token: tokens.owner, body: { ...input, mood: 'angry' } })).status).toBe(400);
    const created = await api(p.url, 'POST', '/api/v1/messages', { token: tokens.owner, body: input });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ brandId, channel: 'email', author: input.author, body: input.body, status: 'new', draft: null, reply: null });
    const id = created.body.id;

    const listed = await api(p.url, 'GET', `/api/v1/messages?brandId=${brandId}&status=new`, { token: tokens.viewer });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((m: { id: string }) => m.id)).toContain(id);
    expect(listed.body).toHaveProperty('nextCursor');

    expect((await api(p.url, 'POST', `/api/v1/messages/${id}/ai-reply`, { token: tokens.viewer })).status).toBe(403);
    const started = await api(p.url, 'POST', `/api/v1/messages/${id}/ai-reply`, { token: tokens.owner });
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe(`/api/v1/jobs/${started.body.jobId}`);
    const job = await until('the reply job', async () => {
      const r = await api(p.url, 'GET', `/api/v1/jobs/${started.body.jobId}`, { token: tokens.owner });
      return ['succeeded', 'failed'].includes(r.body.status) ? r.body : undefined;
    });
    expect(job.status).toBe('succeeded');

    const drafted = await until('the draft on the message', async () => {
      const r = await api(p.url, 'GET', `/api/v1/messages?brandId=${brandId}`, { token: tokens.viewer });
      const m = r.body.items.find((x: { id: string }) => x.id === id);
      return m?.draft ? m : undefined;
    });
    expect(drafted.status).toBe('drafted');
    expect(['question', 'complaint', 'praise', 'lead', 'spam', 'other']).toContain(drafted.intent);
    expect(['positive', 'neutral', 'negative']).toContain(drafted.sentiment);
    expect(drafted.intent).toBe('complaint');
    expect(drafted.sentiment).toBe('negative');
    expect(drafted.draft.length).toBeGreaterThan(10);

    const banned = await api(p.url, 'POST', `/api/v1/messages/${id}/reply`, { token: tokens.owner, body: { body: 'We GUARANTEE a new wheel by Friday.' } });
    expect(banned.status).toBe(422);
    expect(banned.body.detail).toContain('guarantee');
    expect(banned.body.errors).toEqual([{ field: 'body', message: expect.stringContaining('guarantee') }]);
    expect((await api(p.url, 'POST', `/api/v1/messages/${id}/reply`, { token: tokens.viewer, body: { body: 'Sorry!' } })).status).toBe(403);

    const replied = await api(p.url, 'POST', `/api/v1/messages/${id}/reply`, {
      token: tokens.owner,
      body: { body: `${drafted.draft} We will send a new wheel this week.` },
    });
    expect(replied.status).toBe(200);
    expect(replied.body.status).toBe('replied');
    expect(replied.body.reply.body).toContain('new wheel this week');
    // Replies are recorded; no channel delivers them yet, so the API never claims one was sent.
    expect(replied.body.reply.sent).toBe(false);
    const after = await api(p.url, 'GET', `/api/v1/messages?brandId=${brandId}&status=replied`, { token: tokens.viewer });
    expect(after.body.items.map((m: { id: string }) => m.id)).toEqual([id]);

    // The reply job's user hears that it finished.
    await until('the job notification', async () => {
      const r = await api(p.url, 'GET', '/api/v1/notifications', { token: tokens.owner });
      return r.body.items.find((n: { kind: string; data: { jobId?: string } }) => n.kind === 'job_succeeded' && n.data.jobId === started.body.jobId);
    });
  });

  it("stores a channel's signed inbound messages once, and refuses unsigned ones", async () => {
    const connection = await api(p.url, 'POST', '/api/v1/connections', {
      token: tokens.owner,
      body: {
        brandId,
        platform: 'webhook',
        displayName: 'Support desk',
        config: { url: 'http://127.0.0.1:9/out', secret: `whsec_${randomBytes(24).toString('base64')}` },
      },
    });
    expect(connection.status).toBe(201);
    const cid = connection.body.id;
    expect((await api(p.url, 'POST', `/api/v1/inbound/${cid}/secret`, { token: tokens.viewer })).status).toBe(403);
    const minted = await api(p.url, 'POST', `/api/v1/inbound/${cid}/secret`, { token: tokens.owner });
    expect(minted.status).toBe(201);
    expect(minted.body).toMatchObject({ connectionId: cid, brandId, channel: 'webhook', url: `/api/v1/inbound/${cid}` });
    expect(minted.body.secret).toMatch(/^whsec_/);

    const body = JSON.stringify({ type: 'message.received', timestamp: new Date().toISOString(), data: { author: '@rider', body: 'Do you ship to Norway?' } });
    const webhookId = `msg_${randomUUID()}`;
    const ts = String(Math.floor(Date.now() / 1000));
    const headers = { 'webhook-id': webhookId, 'webhook-timestamp': ts, 'webhook-signature': sign(minted.body.secret, webhookId, ts, body) };
    const first = await api(p.url, 'POST', `/api/v1/inbound/${cid}`, { raw: body, headers });
    expect(first.status).toBe(200);
    expect(first.body.duplicate).toBe(false);
    const again = await api(p.url, 'POST', `/api/v1/inbound/${cid}`, { raw: body, headers });
    expect(again.body).toEqual({ id: first.body.id, duplicate: true });

    const forged = await api(p.url, 'POST', `/api/v1/inbound/${cid}`, {
      raw: body,
      headers: { ...headers, 'webhook-signature': sign(`whsec_${randomBytes(24).toString('base64')}`, webhookId, ts, body) },
    });
    expect(forged.status).toBe(401);
    expect((await api(p.url, 'POST', `/api/v1/inbound/${randomUUID()}`, { raw: body, headers })).status).toBe(401);

    const listed = await api(p.url, 'GET', `/api/v1/messages?brandId=${brandId}`, { token: tokens.viewer });
    const stored = listed.body.items.filter((m: { author: string }) => m.author === '@rider');
    expect(stored).toEqual([expect.objectContaining({ id: first.body.id, channel: 'webhook', body: 'Do you ship to Norway?', status: 'new' })]);

    // Rotating the secret: the old one stops verifying.
    const rotated = await api(p.url, 'POST', `/api/v1/inbound/${cid}/secret`, { token: tokens.owner });
    expect(rotated.body.secret).not.toBe(minted.body.secret);
    const replay = await api(p.url, 'POST', `/api/v1/inbound/${cid}`, { raw: body, headers: { ...headers, 'webhook-id': `msg_${randomUUID()}` } });
    expect(replay.status).toBe(401);
  });

  it('keeps inbound secrets sealed at rest, and seals one stored before they were', async () => {
    const connection = await api(p.url, 'POST', '/api/v1/connections', {
      token: tokens.owner,
      body: {
        brandId,
        platform: 'webhook',
        displayName: 'Shop chat',
        config: { url: 'http://127.0.0.1:9/out', secret: `whsec_${randomBytes(24).toString('base64')}` },
      },
    });
    const cid = connection.body.id;
    const minted = await api(p.url, 'POST', `/api/v1/inbound/${cid}/secret`, { token: tokens.owner });
    const storedSecret = async (): Promise<string> =>
      (await publishingDb().query(`SELECT secret FROM publishing.inbox_endpoint WHERE connection_id = $1`, [cid]))[0].secret;
    const key = minted.body.secret.replace(/^whsec_/, '');
    expect(await storedSecret()).toMatch(/^v1\./);
    expect(await storedSecret()).not.toContain(key);

    // A secret from before sealing, stored as it was minted, still verifies, and is sealed on that use.
    await publishingDb().query(`UPDATE publishing.inbox_endpoint SET secret = $2 WHERE connection_id = $1`, [cid, minted.body.secret]);
    const body = JSON.stringify({
      type: 'message.received',
      timestamp: new Date().toISOString(),
      data: { author: '@courier', body: 'Parcel left at the door.' },
    });
    const webhookId = `msg_${randomUUID()}`;
    const ts = String(Math.floor(Date.now() / 1000));
    const signed = await api(p.url, 'POST', `/api/v1/inbound/${cid}`, {
      raw: body,
      headers: { 'webhook-id': webhookId, 'webhook-timestamp': ts, 'webhook-signature': sign(minted.body.secret, webhookId, ts, body) },
    });
    expect(signed.status).toBe(200);
    expect(await storedSecret()).toMatch(/^v1\./);
    expect(await storedSecret()).not.toContain(key);
  });

  it('notifies every member of the brand of a failed publish and of a channel to reconnect, and only them; read and read-all', async () => {
    // The failure as publishing-agent announces it (the scheduler's permanent failure path emits the same event).
    const failure: ContentPublishFailedEvent = {
      contentId: randomUUID(),
      brandId,
      platform: 'linkedin',
      connectionId: randomUUID(),
      scheduleId: randomUUID(),
      code: 'PLATFORM_REJECTED',
      message: 'LinkedIn refused the post: the text is longer than 3,000 characters.',
      at: new Date().toISOString(),
    };
    const env = createEvent({ sender: 'e2e-test', eventType: 'content.publish_failed', payload: failure });
    for (let i = 0; i < 2; i++) {
      // Delivered twice (a redelivery): one notification.
      await p.runtime.broker.publish(p.runtime.topology.eventsExchange, 'content.publish_failed', {
        body: Buffer.from(JSON.stringify(i === 0 ? env : { ...env, message_id: randomUUID() })),
        messageId: i === 0 ? env.message_id : randomUUID(),
        persistent: true,
      });
    }
    const forViewer = await until('the viewer’s notification', async () => {
      const r = await api(p.url, 'GET', '/api/v1/notifications?unread=true', { token: tokens.viewer });
      return r.body.items.find((n: { data: { scheduleId?: string } }) => n.data.scheduleId === failure.scheduleId);
    });
    expect(forViewer).toMatchObject({
      kind: 'publish_failed',
      brandId,
      brandWide: true,
      read: false,
      body: failure.message,
      link: `/content/${failure.contentId}`,
    });
    const owner = await api(p.url, 'GET', '/api/v1/notifications', { token: tokens.owner });
    expect(owner.body.items.filter((n: { data: { scheduleId?: string } }) => n.data.scheduleId === failure.scheduleId)).toHaveLength(1);
    expect(owner.body.unreadCount).toBeGreaterThanOrEqual(1);
    const outsider = await api(p.url, 'GET', '/api/v1/notifications', { token: tokens.outsider });
    expect(outsider.status).toBe(200);
    expect(outsider.body.items).toEqual([]);
    expect((await api(p.url, 'POST', `/api/v1/notifications/${forViewer.id}/read`, { token: tokens.outsider })).status).toBe(404);

    // Each member reads on their own.
    expect((await api(p.url, 'POST', `/api/v1/notifications/${forViewer.id}/read`, { token: tokens.viewer })).status).toBe(204);
    const viewerUnread = await api(p.url, 'GET', '/api/v1/notifications?unread=true', { token: tokens.viewer });
    expect(viewerUnread.body.items.map((n: { id: string }) => n.id)).not.toContain(forViewer.id);
    const ownerUnread = await api(p.url, 'GET', '/api/v1/notifications?unread=true', { token: tokens.owner });
    expect(ownerUnread.body.items.map((n: { id: string }) => n.id)).toContain(forViewer.id);

    // A channel whose grant was revoked: every member is told to reconnect it (an active one says nothing).
    const connection: Connection = {
      id: randomUUID(),
      brandId,
      platform: 'x',
      displayName: '@harborbikes',
      status: 'needs_reconnect',
      statusReason: 'X revoked the access: connect the account again.',
      accountId: '42',
      expiresAt: null,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    };
    for (const c of [{ ...connection, id: randomUUID(), status: 'active' as const, statusReason: null }, connection]) {
      const changed = createEvent({ sender: 'e2e-test', eventType: 'connection.changed', payload: { connection: c, reason: c.status } });
      await p.runtime.broker.publish(p.runtime.topology.eventsExchange, 'connection.changed', {
        body: Buffer.from(JSON.stringify(changed)),
        messageId: changed.message_id,
        persistent: true,
      });
    }
    const reconnect = await until('the reconnect notification', async () => {
      const r = await api(p.url, 'GET', '/api/v1/notifications?unread=true', { token: tokens.viewer });
      return r.body.items.find((n: { kind: string }) => n.kind === 'connection_needs_reconnect');
    });
    expect(reconnect).toMatchObject({
      title: 'Connection to X needs reconnecting (@harborbikes)',
      body: connection.statusReason,
      data: { connectionId: connection.id },
    });
    const reconnects = await api(p.url, 'GET', '/api/v1/notifications', { token: tokens.owner });
    expect(reconnects.body.items.filter((n: { kind: string }) => n.kind === 'connection_needs_reconnect')).toHaveLength(1);

    const all = await api(p.url, 'POST', '/api/v1/notifications/read-all', { token: tokens.owner });
    expect(all.status).toBe(200);
    expect(all.body.marked).toBeGreaterThanOrEqual(1);
    const none = await api(p.url, 'GET', '/api/v1/notifications?unread=true', { token: tokens.owner });
    expect(none.body).toMatchObject({ items: [], unreadCount: 0 });
  });
});
