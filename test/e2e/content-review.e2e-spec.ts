import { api, PLATFORM_BOOT_MS, registerUser, until } from '../support/http';
import { SHARED_MODES, sharedTestPlatform, type SharedPlatform } from '../support/shared';
import { joinBrand } from '../support/members';

/** ADR 142: review requests from a named teammate, comments, the awaiting queue and bulk actions, over HTTP. */
describe.each(SHARED_MODES)('content review workflow (%s)', (mode) => {
  let p: SharedPlatform;
  const who: Record<'owner' | 'editor' | 'viewer' | 'stranger', { id: string; token: string; email: string }> = {} as never;
  let brandId: string;

  const write = async (brief: string): Promise<string> => {
    const start = await api(p.url, 'POST', '/api/v1/content/generate', { token: who.owner.token, body: { brandId, brief, platform: 'linkedin', variants: 1 } });
    expect(start.status).toBe(202);
    const done = await until(`job ${start.body.jobId}`, async () => {
      const r = await api(p.url, 'GET', `/api/v1/jobs/${start.body.jobId}`, { token: who.owner.token });
      return r.body.status === 'succeeded' || r.body.status === 'failed' ? r.body : undefined;
    });
    expect(done.status).toBe('succeeded');
    return done.result.contentId as string;
  };
  const notificationsOf = async (token: string) =>
    (await api(p.url, 'GET', '/api/v1/notifications', { token })).body.items as { kind: string; title: string; body: string; link: string }[];

  beforeAll(async () => {
    p = await sharedTestPlatform(mode);
    for (const name of ['owner', 'editor', 'viewer', 'stranger'] as const) {
      const u = await registerUser(p.url, name === 'editor' ? 'grace' : name);
      who[name] = { id: u.user.id, token: u.accessToken, email: u.user.email };
    }
    const brand = await api(p.url, 'POST', '/api/v1/brands', {
      token: who.owner.token,
      body: { name: 'Acme Coffee', industry: 'Specialty coffee', tone: 'warm' },
    });
    brandId = brand.body.id;
    await joinBrand(p.url, who.owner.token, brandId, who.editor, 'editor');
    await joinBrand(p.url, who.owner.token, brandId, who.viewer, 'viewer');
  }, PLATFORM_BOOT_MS);

  it('asks a named teammate to approve, notifies them, queues the post for them, and records who approved it', async () => {
    const id = await write('Announce the new single-origin beans from Huila');
    const toViewer = await api(p.url, 'POST', `/api/v1/content/${id}/review-request`, { token: who.owner.token, body: { reviewerId: who.viewer.id } });
    expect(toViewer.status).toBe(422);
    expect(toViewer.body.errors).toEqual([{ field: 'reviewerId', message: expect.stringContaining('editor or owner') }]);
    const toStranger = await api(p.url, 'POST', `/api/v1/content/${id}/review-request`, { token: who.owner.token, body: { reviewerId: who.stranger.id } });
    expect(toStranger.status).toBe(422);

    const asked = await api(p.url, 'POST', `/api/v1/content/${id}/review-request`, {
      token: who.owner.token,
      body: { reviewerId: who.editor.id, note: 'Check the price, please' },
    });
    expect(asked.status).toBe(200);
    expect(asked.body.reviewRequest).toMatchObject({ reviewerId: who.editor.id, requestedBy: who.owner.id, note: 'Check the price, please' });

    const mine = await api(p.url, 'GET', `/api/v1/content?brandId=${brandId}&awaiting=me`, { token: who.editor.token });
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    expect((await api(p.url, 'GET', `/api/v1/content?brandId=${brandId}&awaiting=me`, { token: who.owner.token })).body.items).toEqual([]);

    const notes = await until('the reviewer is notified', async () => {
      const n = (await notificationsOf(who.editor.token)).filter((x) => x.kind === 'review_requested');
      return n.length ? n : undefined;
    });
    expect(notes[0]).toMatchObject({
      title: expect.stringMatching(/^owner asked you to approve a post “/),
      body: '“Check the price, please”',
      link: `/content/${id}`,
    });
    expect((await notificationsOf(who.owner.token)).filter((x) => x.kind === 'review_requested')).toEqual([]);

    const approved = await api(p.url, 'POST', `/api/v1/content/${id}/approve`, { token: who.editor.token });
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: who.editor.id, reviewRequest: null });
    expect(Date.parse(approved.body.approvedAt)).not.toBeNaN();
    expect((await api(p.url, 'GET', `/api/v1/content?brandId=${brandId}&awaiting=me`, { token: who.editor.token })).body.items).toEqual([]);

    const late = await api(p.url, 'POST', `/api/v1/content/${id}/review-request`, { token: who.owner.token, body: { reviewerId: who.editor.id } });
    expect(late.status).toBe(409);
  });

  it('keeps a thread of comments that viewers read and the people of the review hear of', async () => {
    const id = await write('Our Saturday cupping session is back');
    await api(p.url, 'POST', `/api/v1/content/${id}/review-request`, { token: who.owner.token, body: { reviewerId: who.editor.id } });
    const first = await api(p.url, 'POST', `/api/v1/content/${id}/comments`, { token: who.editor.token, body: { body: 'Shorter opening line?' } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ contentId: id, authorId: who.editor.id, body: 'Shorter opening line?' });
    await api(p.url, 'POST', `/api/v1/content/${id}/comments`, { token: who.owner.token, body: { body: 'Done, have a look.' } });
    const byViewer = await api(p.url, 'POST', `/api/v1/content/${id}/comments`, { token: who.viewer.token, body: { body: 'Me too' } });
    expect(byViewer.status).toBe(403);
    const blank = await api(p.url, 'POST', `/api/v1/content/${id}/comments`, { token: who.owner.token, body: { body: '' } });
    expect(blank.status).toBe(400);

    const thread = await api(p.url, 'GET', `/api/v1/content/${id}/comments`, { token: who.viewer.token });
    expect(thread.body.items.map((c: { body: string; authorId: string }) => [c.authorId, c.body])).toEqual([
      [who.editor.id, 'Shorter opening line?'],
      [who.owner.id, 'Done, have a look.'],
    ]);
    expect((await api(p.url, 'GET', `/api/v1/content/${id}/comments`, { token: who.stranger.token })).status).toBe(404);

    const ownerHeard = await until('the requester hears of the comment', async () => {
      const n = (await notificationsOf(who.owner.token)).filter((x) => x.kind === 'comment');
      return n.length ? n : undefined;
    });
    expect(ownerHeard).toEqual([
      expect.objectContaining({ title: expect.stringMatching(/^grace commented on “/), body: 'Shorter opening line?', link: `/content/${id}` }),
    ]);
    const editorHeard = await until('the reviewer hears of the reply', async () => {
      const n = (await notificationsOf(who.editor.token)).filter((x) => x.kind === 'comment');
      return n.length ? n : undefined;
    });
    expect(editorHeard.map((n) => n.body)).toEqual(['Done, have a look.']);
  });

  it("approves, schedules and deletes in bulk, answering each post, and refuses another brand's post", async () => {
    const [a, b, c] = [await write('Bulk one: the winter blend'), await write('Bulk two: brewing at home'), await write('Bulk three: our baristas')];
    const other = await api(p.url, 'POST', '/api/v1/brands', { token: who.owner.token, body: { name: 'Second brand' } });
    const start = await api(p.url, 'POST', '/api/v1/content/generate', {
      token: who.owner.token,
      body: { brandId: other.body.id, brief: 'Elsewhere entirely', platform: 'linkedin', variants: 1 },
    });
    const foreign = (
      await until('foreign post', async () => {
        const r = await api(p.url, 'GET', `/api/v1/jobs/${start.body.jobId}`, { token: who.owner.token });
        return r.body.status === 'succeeded' ? r.body : undefined;
      })
    ).result.contentId as string;

    const byViewer = await api(p.url, 'POST', '/api/v1/content/bulk', { token: who.viewer.token, body: { brandId, action: 'approve', contentIds: [a] } });
    expect(byViewer.status).toBe(403);

    const approved = await api(p.url, 'POST', '/api/v1/content/bulk', {
      token: who.editor.token,
      body: { brandId, action: 'approve', contentIds: [a, b, foreign] },
    });
    expect(approved.status).toBe(200);
    expect(approved.body.items).toEqual([
      { contentId: a, outcome: 'done' },
      { contentId: b, outcome: 'done' },
      { contentId: foreign, outcome: 'refused', code: 'NOT_FOUND', message: 'No such content' },
    ]);
    const again = await api(p.url, 'POST', '/api/v1/content/bulk', { token: who.editor.token, body: { brandId, action: 'approve', contentIds: [a] } });
    expect(again.body.items).toEqual([{ contentId: a, outcome: 'unchanged' }]);
    expect((await api(p.url, 'GET', `/api/v1/content/${foreign}`, { token: who.owner.token })).body.status).toBe('draft');

    const connection = await api(p.url, 'POST', '/api/v1/connections', {
      token: who.owner.token,
      body: { brandId, platform: 'webhook', config: { url: 'https://example.com/hooks', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } },
    });
    expect(connection.status).toBe(201);
    const at = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const scheduled = await api(p.url, 'POST', '/api/v1/content/bulk/schedule', {
      token: who.editor.token,
      body: { brandId, contentIds: [a, b, c], at, connectionIds: [connection.body.id] },
    });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body.items.map((i: { contentId: string; outcome: string }) => [i.contentId, i.outcome])).toEqual([
      [a, 'done'],
      [b, 'done'],
      [c, 'refused'],
    ]);
    expect(scheduled.body.items[2].message).toEqual(expect.any(String));
    const schedule = await api(p.url, 'GET', `/api/v1/schedule?brandId=${brandId}`, { token: who.owner.token });
    expect(new Set(schedule.body.items.map((s: { contentId: string }) => s.contentId))).toEqual(new Set([a, b]));

    const deleted = await api(p.url, 'POST', '/api/v1/content/bulk', { token: who.owner.token, body: { brandId, action: 'delete', contentIds: [c] } });
    expect(deleted.body.items).toEqual([{ contentId: c, outcome: 'done' }]);
    expect((await api(p.url, 'GET', `/api/v1/content/${c}`, { token: who.owner.token })).status).toBe(404);
  });
});
