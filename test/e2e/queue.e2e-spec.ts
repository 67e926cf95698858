import type { QueueSlot } from '@mt/messages';
import { toLocal } from '@mt/runtime';
import { QUEUE_HORIZON_MS, QUEUE_LEAD_MS, slotInstants } from '../../apps/publishing-agent/src/scheduling/services/queue-plan';
import { WebhookReceiverFake } from '../../apps/publishing-agent/test/fakes';
import { joinBrand } from '../support/members';
import { api, PLATFORM_BOOT_MS, registerUser, until } from '../support/http';
import { SHARED_MODES, sharedTestPlatform, type SharedPlatform } from '../support/shared';

const CHANNEL_SECRET = 'whsec_cXVldWUtdGVzdC1zZWNyZXQtMTIzNDU2Nzg5MA==';
const TZ = 'Europe/Berlin';

/**
 * Every weekday at two times six and twelve hours from now (Berlin wall clock, on the hour): the
 * next slot is hours away, so none passes (and nothing is published) while the suite runs.
 */
function farSlots(): QueueSlot[] {
  const hour = Number(toLocal(new Date(), TZ).time.slice(0, 2));
  // In the order the queue lists a day's slots (earliest first), whatever the hour now.
  const times = [(hour + 6) % 24, (hour + 12) % 24].sort((a, b) => a - b).map((h) => `${String(h).padStart(2, '0')}:00`);
  return (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).flatMap((weekday) => times.map((time) => ({ weekday, time })));
}

/** The next `count` slot instants (UTC ISO) from now, as the queue reads them. */
function upcoming(slots: QueueSlot[], count: number): string[] {
  const after = new Date(Date.now() + QUEUE_LEAD_MS);
  const out: string[] = [];
  for (const at of slotInstants(slots, TZ, after, new Date(after.getTime() + QUEUE_HORIZON_MS))) {
    out.push(at.toISOString());
    if (out.length === count) break;
  }
  return out;
}

describe.each(SHARED_MODES)('posting queues (%s)', (mode) => {
  let p: SharedPlatform;
  let receiver: WebhookReceiverFake;
  const tokens: Record<string, string> = {};
  let brandId: string;
  let connectionId: string;
  const call = (method: string, route: string, opts: { token?: string; body?: unknown } = {}) => api(p.url, method, route, opts);

  /** A post written by creation-agent for a brief (a job); answers its id. */
  const draft = async (brief: string): Promise<string> => {
    const start = await call('POST', '/api/v1/content/generate', { token: tokens.owner, body: { brandId, brief, platform: 'linkedin', variants: 1 } });
    expect(start.status).toBe(202);
    const job = await until('the generation job', async () => {
      const r = await call('GET', `/api/v1/jobs/${start.body.jobId}`, { token: tokens.owner });
      return r.body.status === 'succeeded' || r.body.status === 'failed' ? r.body : undefined;
    });
    expect(job.status).toBe('succeeded');
    return job.result.contentId as string;
  };

  /** Approves a post and adds it to the queue once publishing-agent has heard of the approval (404 / 409 until then). */
  const approveAndQueue = async (contentId: string) => {
    expect((await call('POST', `/api/v1/content/${contentId}/approve`, { token: tokens.owner })).status).toBe(200);
    return until('the approval to reach publishing-agent', async () => {
      const r = await call('POST', `/api/v1/content/${contentId}/queue`, { token: tokens.editor, body: { connectionId } });
      return r.status === 404 || (r.status === 409 && r.body.code === 'CONTENT_NOT_APPROVED') ? undefined : r;
    });
  };

  const queued = async () => {
    const r = await call('GET', `/api/v1/connections/${connectionId}/queue`, { token: tokens.viewer });
    expect(r.status).toBe(200);
    return r.body.items.map((i: { contentId: string; at: string; position: number }) => [i.position, i.contentId, i.at]);
  };

  beforeAll(async () => {
    receiver = await new WebhookReceiverFake(CHANNEL_SECRET).start();
    // The run's shared platform (ADR 172, 177): its own users, brand, connection and slots.
    p = await sharedTestPlatform(mode);
    const [owner, editor, viewer, outsider] = [
      await registerUser(p.url, 'owner'),
      await registerUser(p.url, 'editor'),
      await registerUser(p.url, 'viewer'),
      await registerUser(p.url, 'outsider'),
    ];
    tokens.owner = owner.accessToken;
    tokens.editor = editor.accessToken;
    tokens.viewer = viewer.accessToken;
    tokens.outsider = outsider.accessToken;
    const brand = await call('POST', '/api/v1/brands', {
      token: tokens.owner,
      body: { name: 'Acme Coffee', description: 'A neighbourhood roastery', pillars: ['coffee craft', 'community'], timezone: TZ },
    });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
    await joinBrand(p.url, tokens.owner, brandId, { email: editor.user.email, token: editor.accessToken }, 'editor');
    await joinBrand(p.url, tokens.owner, brandId, { email: viewer.user.email, token: viewer.accessToken }, 'viewer');
    const c = await call('POST', '/api/v1/connections', {
      token: tokens.owner,
      body: { brandId, platform: 'webhook', displayName: 'Shop feed', config: { url: receiver.hookUrl, secret: CHANNEL_SECRET } },
    });
    expect(c.status).toBe(201);
    connectionId = c.body.id;
  }, PLATFORM_BOOT_MS);

  afterAll(async () => {
    await receiver?.stop();
  });

  it('saves weekly slots in the brand’s time zone: editors write, viewers read, other tenants see nothing, bad times are refused', async () => {
    const slots = farSlots();
    const asViewer = await call('PUT', `/api/v1/connections/${connectionId}/queue/slots`, { token: tokens.viewer, body: { slots } });
    expect({ status: asViewer.status, code: asViewer.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    const asOutsider = await call('PUT', `/api/v1/connections/${connectionId}/queue/slots`, { token: tokens.outsider, body: { slots } });
    expect({ status: asOutsider.status, code: asOutsider.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    const bad = await call('PUT', `/api/v1/connections/${connectionId}/queue/slots`, {
      token: tokens.editor,
      body: { slots: [{ weekday: 'monday', time: '9am' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.code).toBe('VALIDATION_FAILED');

    const saved = await call('PUT', `/api/v1/connections/${connectionId}/queue/slots`, { token: tokens.editor, body: { slots: [...slots].reverse() } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ connectionId, brandId, timezone: TZ, slots, items: [] });
    const read = await call('GET', `/api/v1/connections/${connectionId}/queue/slots`, { token: tokens.viewer });
    expect(read.status).toBe(200);
    expect(read.body.slots).toEqual(slots);
    expect((await call('GET', `/api/v1/connections/${connectionId}/queue/slots`, { token: tokens.outsider })).status).toBe(404);
    expect((await call('GET', `/api/v1/connections/${connectionId}/queue`, { token: tokens.outsider })).status).toBe(404);
  });

  it('puts three posts on the next three free slots around a post scheduled by hand; removing the first moves the others up', async () => {
    const slots = (await call('GET', `/api/v1/connections/${connectionId}/queue/slots`, { token: tokens.viewer })).body.slots as QueueSlot[];
    expect(slots).toEqual(farSlots());
    const free = upcoming(slots, 5);

    // A post scheduled by hand at the second slot's time: that slot is not free.
    const manual = await draft('Saturday cupping at the roastery');
    expect((await call('POST', `/api/v1/content/${manual}/approve`, { token: tokens.owner })).status).toBe(200);
    const fixed = await until('the approval to reach publishing-agent', async () => {
      const r = await call('POST', `/api/v1/content/${manual}/schedule`, { token: tokens.editor, body: { at: free[1], connectionIds: [connectionId] } });
      return r.status === 404 || r.status === 409 ? undefined : r;
    });
    expect(fixed.status).toBe(201);

    const posts = [await draft('Our new single-origin espresso'), await draft('How we roast on Mondays'), await draft('Meet our green-coffee buyer')];
    const answers = [];
    for (const id of posts) answers.push(await approveAndQueue(id));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(answers.map((a) => [a.body.items[0].position, a.body.items[0].at, a.body.items[0].queued])).toEqual([
      [1, free[0], true],
      [2, free[2], true],
      [3, free[3], true],
    ]);
    expect(answers[0].body.items[0].localAt.slice(0, 16)).toBe(`${toLocal(free[0], TZ).date}T${toLocal(free[0], TZ).time}`);
    expect(await queued()).toEqual([
      [1, posts[0], free[0]],
      [2, posts[1], free[2]],
      [3, posts[2], free[3]],
    ]);

    const removed = await call('DELETE', `/api/v1/content/${posts[0]}/queue`, { token: tokens.editor });
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ contentId: posts[0], removed: 1 });
    expect(await queued()).toEqual([
      [1, posts[1], free[0]],
      [2, posts[2], free[2]],
    ]);

    // The schedule shows the same: the queued posts moved up, the post scheduled by hand did not move.
    const schedule = await call('GET', `/api/v1/schedule?brandId=${brandId}`, { token: tokens.viewer });
    expect(schedule.status).toBe(200);
    const at = (contentId: string) =>
      schedule.body.items.filter((i: { contentId: string }) => i.contentId === contentId).map((i: { at: string; queued: boolean }) => [i.at, i.queued]);
    expect(at(manual)).toEqual([[free[1], false]]);
    expect(at(posts[1])).toEqual([[free[0], true]]);
    expect(at(posts[2])).toEqual([[free[2], true]]);
    expect(at(posts[0])).toEqual([]);
    // Creation-agent hears of the move: the post's own scheduled time is its new slot.
    await until('the moved post’s time to reach the content', async () => {
      const r = await call('GET', `/api/v1/content/${posts[1]}`, { token: tokens.viewer });
      return r.body.scheduledAt && Date.parse(r.body.scheduledAt) === Date.parse(free[0]) ? r.body : undefined;
    });
    // Nothing went out before its time.
    expect(receiver.deliveries).toEqual([]);
  });

  it('refuses viewers (403), other tenants (404) and unapproved posts (409 CONTENT_NOT_APPROVED)', async () => {
    const post = await draft('A draft nobody approved yet');
    const unapproved = await until('publishing-agent to know the draft', async () => {
      const r = await call('POST', `/api/v1/content/${post}/queue`, { token: tokens.editor, body: { connectionId } });
      return r.status === 404 ? undefined : r;
    });
    expect({ status: unapproved.status, code: unapproved.body.code }).toEqual({ status: 409, code: 'CONTENT_NOT_APPROVED' });
    expect(unapproved.headers.get('content-type')).toContain('application/problem+json');

    const asViewer = await call('POST', `/api/v1/content/${post}/queue`, { token: tokens.viewer, body: { connectionId } });
    expect({ status: asViewer.status, code: asViewer.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    const asOutsider = await call('POST', `/api/v1/content/${post}/queue`, { token: tokens.outsider, body: { connectionId } });
    expect({ status: asOutsider.status, code: asOutsider.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect((await call('DELETE', `/api/v1/content/${post}/queue`, { token: tokens.viewer })).status).toBe(403);
    const neither = await call('POST', `/api/v1/content/${post}/queue`, { token: tokens.editor, body: {} });
    expect({ status: neither.status, code: neither.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect((await queued()).map((q: unknown[]) => q[1])).not.toContain(post);
  });

  it('answers best-time suggestions only from measured posts: with none yet it says so and suggests nothing', async () => {
    const r = await call('GET', `/api/v1/connections/${connectionId}/queue/suggestions`, { token: tokens.viewer });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ connectionId, brandId, platform: 'webhook', timezone: TZ, enoughData: false, suggestions: [] });
    expect(r.body.basis.posts).toBe(0);
    expect(r.body.message).toMatch(/^Not enough data yet/);
    expect((await call('GET', `/api/v1/connections/${connectionId}/queue/suggestions`, { token: tokens.outsider })).status).toBe(404);
  });
});
