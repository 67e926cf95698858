import { api, PLATFORM_BOOT_MS, registerUser } from '../support/http';
import { SHARED_MODES, sharedTestPlatform, type SharedPlatform } from '../support/shared';
import { joinBrand } from '../support/members';

interface StreamEvent {
  event: string;
  data: any;
}

/** Opens GET /notifications/events and collects its events as they come. */
async function openStream(base: string, token: string) {
  const abort = new AbortController();
  const res = await fetch(`${base}/api/v1/notifications/events`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
  const events: StreamEvent[] = [];
  const waiters: (() => void)[] = [];
  const reader = res.body!.getReader();
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) {
            events.push({ event, data: JSON.parse(data) });
            for (const w of waiters.splice(0)) w();
          }
        }
      }
    } catch {
      // aborted
    }
  })();
  const next = async (match: (e: StreamEvent) => boolean, what: string): Promise<StreamEvent> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = events.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${what} on the stream; got ${JSON.stringify(events)}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 500);
      });
    }
  };
  return { res, events, next, close: () => abort.abort() };
}

/** ADR 143: new notifications, and new inbox messages, reach an open page without a reload. */
describe.each(SHARED_MODES)('notification stream (%s)', (mode) => {
  let p: SharedPlatform;
  let owner: { token: string; email: string };
  let viewer: { token: string; email: string };
  let stranger: { token: string };
  let brandId: string;

  beforeAll(async () => {
    p = await sharedTestPlatform(mode);
    const o = await registerUser(p.url, 'owner');
    const v = await registerUser(p.url, 'viewer');
    const s = await registerUser(p.url, 'stranger');
    owner = { token: o.accessToken, email: o.user.email };
    viewer = { token: v.accessToken, email: v.user.email };
    stranger = { token: s.accessToken };
    brandId = (await api(p.url, 'POST', '/api/v1/brands', { token: owner.token, body: { name: 'Harbor Bikes' } })).body.id;
    await joinBrand(p.url, owner.token, brandId, viewer, 'viewer');
  }, PLATFORM_BOOT_MS);

  it('sends the unread count, then each new notification of a brand member as it is made, and nothing to others', async () => {
    const mine = await openStream(p.url, viewer.token);
    const theirs = await openStream(p.url, stranger.token);
    try {
      expect(mine.res.status).toBe(200);
      expect(mine.res.headers.get('content-type')).toContain('text/event-stream');
      const first = await mine.next((e) => e.event === 'unread', 'unread count');
      expect(first.data).toEqual({ unreadCount: expect.any(Number) });
      const before = first.data.unreadCount as number;

      const posted = await api(p.url, 'POST', '/api/v1/messages', {
        token: owner.token,
        body: { brandId, channel: 'mastodon', author: '@pourover_pete', body: 'Do you ship to Lisbon?' },
      });
      expect(posted.status).toBe(201);
      const note = await mine.next((e) => e.event === 'notification', 'notification');
      expect(note.data).toMatchObject({
        kind: 'inbox_message',
        title: 'New message from @pourover_pete on Mastodon',
        body: 'Do you ship to Lisbon?',
        link: '/inbox',
        brandId,
        read: false,
      });
      const count = await mine.next((e) => e.event === 'unread' && e.data.unreadCount === before + 1, 'the new unread count');
      expect(count.data).toEqual({ unreadCount: before + 1 });
      expect(theirs.events.filter((e) => e.event === 'notification')).toEqual([]);
    } finally {
      mine.close();
      theirs.close();
    }
  });

  it('needs a signed-in session: no token is a 401 problem, a personal access token a 403', async () => {
    const none = await api(p.url, 'GET', '/api/v1/notifications/events');
    expect({ status: none.status, code: none.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    const pat = await api(p.url, 'POST', '/api/v1/tokens', { token: owner.token, body: { name: 'ci', scopes: ['read'] } });
    const withPat = await api(p.url, 'GET', '/api/v1/notifications/events', { token: pat.body.token });
    expect(withPat.status).toBe(403);
  });
});
