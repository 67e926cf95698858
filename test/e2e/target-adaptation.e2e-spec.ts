import { BlueskyFake, MastodonFake, WordPressFake } from '../../apps/publishing-agent/test/fakes';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, registerUser, startTestPlatform, type TestPlatform, until } from '../support/platform';

interface Target {
  connectionId: string;
  platform: string;
  body: string | null;
}

const graphemes = (s: string) => [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(s)].length;
const LINK = 'https://roastery.example/subscribe';
const MASTER = `${'Our Ethiopian Guji is back on subscription, roasted every Monday in small batches and shipped the same day. '.repeat(7)}Start yours at ${LINK}`;

/**
 * Compose once (ADR 194): a post's text adapted to each target's platform by the AI task set (the
 * built-in local engine here), through the job route; the texts land on the targets, fit their
 * platforms, and stay editable through PUT.
 */
describe.each(PLATFORM_MODES)('adapting a post to its targets (%s)', (mode) => {
  let p: TestPlatform;
  let mastodon: MastodonFake;
  let wordpress: WordPressFake;
  let bluesky: BlueskyFake;
  let token = '';
  let brandId = '';
  const ids: Record<'mastodon' | 'wordpress' | 'bluesky', string> = { mastodon: '', wordpress: '', bluesky: '' };
  const call = (method: string, route: string, body?: unknown) => api(p.url, method, route, { token, body });

  const finished = (jobId: string) =>
    until('the job', async () => {
      const r = await call('GET', `/api/v1/jobs/${jobId}`);
      return r.body.status === 'succeeded' || r.body.status === 'failed' ? r.body : undefined;
    });

  const draft = async (): Promise<string> => {
    const start = await call('POST', '/api/v1/content/generate', { brandId, brief: 'Our Ethiopian single origin is back', platform: 'linkedin', variants: 1 });
    expect(start.status).toBe(202);
    const job = await finished(start.body.jobId);
    expect(job.status).toBe('succeeded');
    const id = job.result.contentId as string;
    await until('publishing-agent to know the content', async () => ((await call('GET', `/api/v1/content/${id}/targets`)).status === 200 ? true : undefined));
    return id;
  };

  beforeAll(async () => {
    mastodon = await new MastodonFake().start();
    wordpress = await new WordPressFake().start();
    bluesky = await new BlueskyFake().start();
    p = await startTestPlatform(mode, { BLUESKY_SERVICE_URL: bluesky.url });
    token = (await registerUser(p.url, 'owner')).accessToken;
    const brand = await call('POST', '/api/v1/brands', { name: 'Acme Coffee', industry: 'Specialty coffee', audience: 'home baristas', tone: 'warm' });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
    const connect = async (platform: string, credentials: Record<string, string>, config: Record<string, string>) => {
      const r = await call('POST', '/api/v1/connections', { brandId, platform, credentials, config });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    ids.mastodon = await connect('mastodon', { accessToken: mastodon.token }, { instanceUrl: mastodon.url });
    ids.wordpress = await connect(
      'wordpress',
      { applicationPassword: wordpress.applicationPassword },
      { siteUrl: wordpress.siteUrl, username: wordpress.username },
    );
    ids.bluesky = await connect('bluesky', { appPassword: bluesky.appPassword }, { handle: bluesky.handle });
  }, PLATFORM_BOOT_MS);

  afterAll(async () => {
    await p?.destroy();
    for (const f of [mastodon, wordpress, bluesky]) await f?.stop();
  });

  it('writes each target a text within its platform from the master, kept on the targets, editable, and queued per target', async () => {
    const id = await draft();
    // A post without targets has nothing to adapt: refused before any job starts.
    const none = await call('POST', `/api/v1/content/${id}/targets/adapt`, {});
    expect(none.status).toBe(422);
    expect(none.body.code).toBe('NO_TARGETS');

    const set = await call('PUT', `/api/v1/content/${id}/targets`, {
      targets: [{ connectionId: ids.mastodon, body: 'Short for now.' }, { connectionId: ids.bluesky, body: 'Short for now.' }, { connectionId: ids.wordpress }],
    });
    expect(set.status).toBe(200);
    const edit = await call('PATCH', `/api/v1/content/${id}`, { body: MASTER, hashtags: ['#SpecialtyCoffee', '#Roastery'] });
    expect(edit.status).toBe(200);

    const stranger = await call('POST', `/api/v1/content/${id}/targets/adapt`, { connectionIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(stranger.status).toBe(422);
    expect(stranger.body.code).toBe('NOT_A_TARGET');

    const start = await call('POST', `/api/v1/content/${id}/targets/adapt`, {});
    expect(start.status).toBe(202);
    expect(start.headers.get('location')).toBe(`/api/v1/jobs/${start.body.jobId}`);
    const job = await finished(start.body.jobId);
    expect(job.status).toBe('succeeded');
    expect(job.kind).toBe('content.targets.adapt');
    expect(job.result.targets.map((t: Target) => t.connectionId).sort()).toEqual([ids.mastodon, ids.bluesky, ids.wordpress].sort());

    const targets = await until('the adapted texts on the targets', async () => {
      const r = await call('GET', `/api/v1/content/${id}/targets`);
      const ts = r.body.targets as Target[];
      return ts.every((t) => t.body !== 'Short for now.' && t.body !== null) ? ts : undefined;
    });
    const of = (c: string) => targets.find((t) => t.connectionId === c)!.body!;
    // WordPress takes the whole master; Bluesky (300 graphemes with its hashtags) and Mastodon
    // (500, links as 23) get shorter texts that keep the master's opening and its link.
    expect(of(ids.wordpress)).toBe(MASTER);
    expect(graphemes(`${of(ids.bluesky)}\n\n#SpecialtyCoffee #Roastery`)).toBeLessThanOrEqual(300);
    expect(of(ids.bluesky).startsWith('Our Ethiopian Guji is back on subscription')).toBe(true);
    expect(of(ids.bluesky).endsWith(LINK)).toBe(true);
    expect(of(ids.mastodon).length).toBeLessThan(MASTER.length);
    expect(of(ids.mastodon).endsWith(LINK)).toBe(true);

    // Editable afterwards: the user's own words replace the adapted text.
    const mine = targets.map((t) => ({ connectionId: t.connectionId, body: t.connectionId === ids.bluesky ? 'Ethiopia is back. Subscribe!' : t.body }));
    const edited = await call('PUT', `/api/v1/content/${id}/targets`, { targets: mine });
    expect(edited.status).toBe(200);
    expect(edited.body.targets.find((t: Target) => t.connectionId === ids.bluesky).body).toBe('Ethiopia is back. Subscribe!');

    // Queues that know targets: once approved, each target goes into its own connection's queue
    // with its own text (the post was written for LinkedIn; these are Mastodon and Bluesky).
    const slots = [
      { weekday: 'mon', time: '09:00' },
      { weekday: 'thu', time: '17:30' },
    ];
    for (const c of [ids.mastodon, ids.bluesky]) expect((await call('PUT', `/api/v1/connections/${c}/queue/slots`, { slots })).status).toBe(200);
    expect((await call('POST', `/api/v1/content/${id}/approve`)).status).toBe(200);
    const queued = await until('the approval to reach publishing-agent', async () => {
      const r = await call('POST', `/api/v1/content/${id}/queue`, { connectionIds: [ids.mastodon, ids.bluesky] });
      return r.status === 201 ? r : r.body?.code === 'CONTENT_NOT_APPROVED' ? undefined : r;
    });
    expect(queued.status).toBe(201);
    expect(queued.body.items.map((i: { connectionId: string }) => i.connectionId).sort()).toEqual([ids.mastodon, ids.bluesky].sort());
    const sky = await call('GET', `/api/v1/connections/${ids.bluesky}/queue`);
    expect(sky.body.items).toHaveLength(1);
    expect(sky.body.items[0].excerpt).toBe('Ethiopia is back. Subscribe!');
    const masto = await call('GET', `/api/v1/connections/${ids.mastodon}/queue`);
    expect(masto.body.items[0].excerpt.startsWith('Our Ethiopian Guji is back on subscription')).toBe(true);
    // A connection that is not a target is refused; the WordPress target has no slots yet.
    const stranger2 = await call('POST', `/api/v1/content/${id}/queue`, { connectionId: '00000000-0000-4000-8000-000000000000' });
    expect(stranger2.status).toBe(422);
    expect(stranger2.body.code).toBe('NOT_A_TARGET');
    const noSlots = await call('POST', `/api/v1/content/${id}/queue`, { connectionId: ids.wordpress });
    expect(noSlots.status).toBe(409);
    expect(noSlots.body.code).toBe('QUEUE_HAS_NO_SLOTS');
    const targetsAfter = await call('GET', `/api/v1/content/${id}/targets`);
    const status = (c: string) => targetsAfter.body.targets.find((t: Target & { status: string }) => t.connectionId === c).status;
    expect([status(ids.mastodon), status(ids.bluesky), status(ids.wordpress)]).toEqual(['scheduled', 'scheduled', 'pending']);
  });
});
