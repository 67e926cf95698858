import { randomBytes, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { BlueskyFake, LinkedInFake, MastodonFake, WordPressFake, XFake } from '../../apps/publishing-agent/test/fakes';
import { type OpenEventMap, UnitOfWork } from '@mt/messages';
import { FakeS3 } from '../support/fake-s3';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, registerUser, startTestPlatform, type TestPlatform, until } from '../support/platform';

/** A brand's media library and posts that carry media (ADR 159): embedded on DATA_DIR, services on an S3-compatible store. */
describe.each(PLATFORM_MODES)('media library and posts with media (%s)', (mode) => {
  let p: TestPlatform;
  let s3: FakeS3 | null = null;
  let mastodon: MastodonFake;
  let bluesky: BlueskyFake;
  let x: XFake;
  let linkedin: LinkedInFake;
  let wordpress: WordPressFake;
  const tokens: Record<string, string> = {};
  let brandId: string;
  const call = (method: string, route: string, opts: { token?: string; body?: unknown } = {}) => api(p.url, method, route, { token: tokens.owner, ...opts });
  const QUOTA = 3 * 1024 * 1024;

  const upload = async (bytes: Buffer, name: string, fields: Record<string, string> = {}, token = tokens.owner) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), name);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const res = await fetch(`${p.url}/api/v1/brands/${brandId}/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as any };
  };
  const png = (width: number, height: number) =>
    sharp({ create: { width, height, channels: 3, background: '#6f4e37' } })
      .png()
      .toBuffer();
  /** Noise compresses badly: a large image whose encoded size is near its pixel count. */
  const noisyJpeg = (side: number) =>
    sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
      .jpeg({ quality: 100 })
      .toBuffer();

  /** Approved content of this platform, as creation-agent announces it. */
  const approved = async (platform: string, body: string): Promise<string> => {
    const uow = p.platform.gateway.get<UnitOfWork<OpenEventMap>>(UnitOfWork, { strict: false });
    const now = new Date().toISOString();
    const content = {
      ...{ id: randomUUID(), brandId, campaignId: null, calendarEntryId: null, platform, status: 'approved', body, hashtags: [] },
      ...{ topic: 'Beans', pillar: 'coffee craft', format: 'tip', variants: [], selectedVariantId: null, version: 1, aiMeta: null },
      ...{ approvedAt: now, approvedBy: randomUUID(), scheduledAt: null, publishedAt: null, externalUrl: null, failure: null, createdAt: now, updatedAt: now },
    };
    await uow.transaction(async () => void uow.publishEvent('content.approved', { content, by: content.approvedBy }));
    await until('publishing-agent to know the content', async () =>
      (await call('GET', `/api/v1/content/${content.id}/media`)).status === 200 ? true : undefined,
    );
    return content.id;
  };
  const connect = async (platform: string, credentials: Record<string, string>, config: Record<string, string>) => {
    const r = await call('POST', '/api/v1/connections', { body: { brandId, platform, credentials, config } });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  /** An OAuth connection as a browser makes it: start → consent at the platform → callback with the flow's cookie. */
  const oauthConnect = async (platform: 'x' | 'linkedin') => {
    const start = await call('GET', `/api/v1/connections/${platform}/oauth/start?brandId=${brandId}`);
    expect(start.status).toBe(200);
    const browser = { cookie: (start.headers.get('set-cookie') ?? '').split(';')[0] };
    const consent = await fetch(start.body.authorizeUrl, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location') as string);
    const callback = await fetch(`${p.url}${back.pathname}${back.search}`, { redirect: 'manual', headers: browser });
    expect(callback.headers.get('location')).toBe(`/channels?connected=${platform}`);
    const list = await call('GET', `/api/v1/connections?brandId=${brandId}`);
    return (list.body.items as { id: string; platform: string }[]).filter((c) => c.platform === platform).at(-1)?.id as string;
  };
  const itemOf = (contentId: string) =>
    until('the post to be published', async () => {
      const list = await call('GET', `/api/v1/schedule?brandId=${brandId}`);
      const item = (list.body.items as { contentId: string; status: string; failure?: unknown }[]).find((i) => i.contentId === contentId);
      return item && item.status !== 'scheduled' && item.status !== 'publishing' ? item : undefined;
    });

  beforeAll(async () => {
    mastodon = await new MastodonFake().start();
    bluesky = await new BlueskyFake().start();
    x = await new XFake().start();
    linkedin = await new LinkedInFake().start();
    wordpress = await new WordPressFake().start();
    if (mode === 'services') s3 = await new FakeS3().start();
    p = await startTestPlatform(mode, {
      SCHEDULER_POLL_MS: '250',
      CHANNEL_RETRY_BASE_MS: '20',
      BLUESKY_SERVICE_URL: bluesky.url,
      ...{ X_CLIENT_ID: x.clientId, X_CLIENT_SECRET: x.clientSecret, X_API_URL: x.url, X_AUTHORIZE_URL: x.authorizeUrl },
      ...{
        LINKEDIN_CLIENT_ID: linkedin.clientId,
        LINKEDIN_CLIENT_SECRET: linkedin.clientSecret,
        LINKEDIN_API_URL: linkedin.url,
        LINKEDIN_AUTH_URL: linkedin.authUrl,
      },
      MEDIA_BRAND_QUOTA_BYTES: String(QUOTA),
      ...(s3 ? s3.env() : {}),
    });
    tokens.owner = (await registerUser(p.url, 'owner')).accessToken;
    tokens.outsider = (await registerUser(p.url, 'outsider')).accessToken;
    const brand = await call('POST', '/api/v1/brands', {
      body: {
        name: 'Acme Coffee',
        industry: 'Specialty coffee',
        description: 'A roastery',
        audience: 'home baristas',
        tone: 'warm',
        pillars: ['coffee craft'],
      },
    });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
  }, PLATFORM_BOOT_MS);

  afterAll(async () => {
    await p?.destroy();
    await mastodon?.stop();
    await bluesky?.stop();
    for (const f of [x, linkedin, wordpress]) await f?.stop();
    await s3?.stop();
  });

  it('keeps an upload typed by its bytes, with its dimensions, and lists, reads, serves and edits it', async () => {
    const up = await upload(await png(640, 480), 'latte-art.jpg', { altText: 'A rosetta in a flat white', focus: '0.2,-0.4' });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      brandId,
      type: 'image',
      mimeType: 'image/png',
      fileName: 'latte-art.jpg',
      width: 640,
      height: 480,
      altText: 'A rosetta in a flat white',
      focus: { x: 0.2, y: -0.4 },
    });
    const id = up.body.id as string;

    const list = await call('GET', `/api/v1/brands/${brandId}/media?limit=10`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((m: { id: string }) => m.id)).toContain(id);
    expect(list.body).toMatchObject({ nextCursor: null, quotaBytes: QUOTA });
    expect(list.body.usedBytes).toBeGreaterThanOrEqual(up.body.bytes);

    const file = await fetch(`${p.url}${up.body.url}`, { headers: { authorization: `Bearer ${tokens.owner}` } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    const served = await sharp(Buffer.from(await file.arrayBuffer())).metadata();
    expect([served.format, served.width, served.height]).toEqual(['png', 640, 480]);
    if (s3) expect(s3.objects.get(`${brandId}/${id}`)?.bytes.length).toBe(up.body.bytes);

    const patched = await call('PATCH', `/api/v1/media/${id}`, { body: { altText: 'Latte art: a rosetta' } });
    expect(patched.status).toBe(200);
    expect((await call('GET', `/api/v1/media/${id}`)).body.altText).toBe('Latte art: a rosetta');

    const foreign = await call('GET', `/api/v1/media/${id}`, { token: tokens.outsider });
    expect([foreign.status, foreign.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('takes an upload at POST /media with the brand as a form field or in the query, and refuses a missing, malformed or contradicting brand', async () => {
    const post = async (query: string, fields: Record<string, string>, bytes?: Buffer) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      if (bytes) form.append('file', new Blob([new Uint8Array(bytes)]), 'beans.png');
      const res = await fetch(`${p.url}/api/v1/media${query}`, { method: 'POST', headers: { authorization: `Bearer ${tokens.owner}` }, body: form });
      return { status: res.status, body: (await res.json()) as any };
    };
    const inForm = await post('', { brandId, altText: 'Beans in the form' }, await png(120, 90));
    expect(inForm.status).toBe(201);
    expect(inForm.body).toMatchObject({ brandId, altText: 'Beans in the form', width: 120, height: 90 });
    const inQuery = await post(`?brandId=${brandId}`, { altText: 'Beans by the query' }, await png(60, 45));
    expect([inQuery.status, inQuery.body.brandId]).toEqual([201, brandId]);
    const both = await post(`?brandId=${brandId}`, { brandId }, await png(30, 30));
    expect(both.status).toBe(201);
    const library = await call('GET', `/api/v1/media?brandId=${brandId}&limit=100`);
    expect(library.body.items.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining([inForm.body.id, inQuery.body.id, both.body.id]));

    const refusals = [
      await post('', { altText: 'No brand' }, await png(10, 10)),
      await post('?brandId=not-a-uuid', {}, await png(10, 10)),
      await post(`?brandId=${randomUUID()}`, { brandId }, await png(10, 10)),
    ];
    expect(refusals.map((r) => [r.status, r.body.code, r.body.errors?.[0]?.field])).toEqual([
      [400, 'VALIDATION_FAILED', 'brandId'],
      [400, 'VALIDATION_FAILED', 'brandId'],
      [400, 'VALIDATION_FAILED', 'brandId'],
    ]);
    expect(refusals[2].body.detail).toBe('brandId the form field and the query name different brands');
    // Another brand's library: the agent answers as for the brand route, revealing nothing.
    const foreign = await fetch(`${p.url}/api/v1/media?brandId=${brandId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.outsider}` },
      body: (() => {
        const f = new FormData();
        f.append('file', new Blob([new Uint8Array([0xff, 0xd8, 0xff])]), 'x.jpg');
        return f;
      })(),
    });
    expect([foreign.status, ((await foreign.json()) as { code: string }).code]).toEqual([404, 'NOT_FOUND']);
  });

  it("shows a post's media ids on the post itself and lists the library by brand in the query, as the HTTP contract names them", async () => {
    const img = await upload(await png(400, 300), 'crema.png', { altText: 'Crema on an espresso' });
    expect(img.status).toBe(201);
    /** A post written by creation-agent (a job), once publishing-agent has heard of it. */
    const draft = async (brief: string): Promise<string> => {
      const start = await call('POST', '/api/v1/content/generate', { body: { brandId, brief, platform: 'mastodon', variants: 1 } });
      expect(start.status).toBe(202);
      const job = await until('the generation job', async () => {
        const r = await call('GET', `/api/v1/jobs/${start.body.jobId}`);
        return r.body.status === 'succeeded' || r.body.status === 'failed' ? r.body : undefined;
      });
      expect(job.status).toBe('succeeded');
      const id = job.result.contentId as string;
      await until('publishing-agent to know the post', async () => ((await call('GET', `/api/v1/content/${id}/media`)).status === 200 ? true : undefined));
      return id;
    };
    const withImage = await draft('Why crema fades');
    const without = await draft('Grinding for a French press');
    expect((await call('PUT', `/api/v1/content/${withImage}/media`, { body: { mediaIds: [img.body.id] } })).status).toBe(200);

    const one = await call('GET', `/api/v1/content/${withImage}`);
    expect([one.status, one.body.mediaIds]).toEqual([200, [img.body.id]]);
    expect((await call('GET', `/api/v1/content/${without}`)).body.mediaIds).toEqual([]);
    const page = await call('GET', `/api/v1/content?brandId=${brandId}&limit=100`);
    const ids = new Map(page.body.items.map((c: { id: string; mediaIds: string[] }) => [c.id, c.mediaIds]));
    expect([ids.get(withImage), ids.get(without)]).toEqual([[img.body.id], []]);
    const edited = await call('PATCH', `/api/v1/content/${withImage}`, { body: { body: 'Crema fades within a minute: drink it fresh.' } });
    expect([edited.status, edited.body.mediaIds]).toEqual([200, [img.body.id]]);

    const library = await call('GET', `/api/v1/media?brandId=${brandId}&type=image&limit=50`);
    expect(library.status).toBe(200);
    expect(library.body.items.map((m: { id: string }) => m.id)).toContain(img.body.id);
    expect(library.body).toMatchObject({ quotaBytes: QUOTA });
    const stranger = await call('GET', `/api/v1/media?brandId=${brandId}`, { token: tokens.outsider });
    expect([stranger.status, stranger.body.code]).toEqual([404, 'NOT_FOUND']);
    const noBrand = await call('GET', '/api/v1/media');
    expect([noBrand.status, noBrand.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('refuses a file whose bytes are not an image or video, whatever its name says', async () => {
    const r = await upload(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'), 'menu.png');
    expect(r.status).toBe(400);
    expect(r.type).toMatch(/application\/problem\+json/);
    expect(r.body.code).toBe('MEDIA_TYPE_NOT_ALLOWED');
    expect(r.body.detail).toMatch(/application\/pdf/);
    const text = await upload(Buffer.from('just some words, no picture'), 'photo.jpg');
    expect([text.status, text.body.code]).toEqual([400, 'MEDIA_TYPE_NOT_ALLOWED']);
    if (s3) expect([...s3.objects.keys()].filter((k) => k.startsWith('staging/'))).toEqual([]);
  });

  it("refuses an upload's alt text and focus with the media shape's words, as PATCH /media/{id} does, and keeps nothing", async () => {
    const before = (await call('GET', `/api/v1/brands/${brandId}/media?limit=100`)).body.items.length as number;
    const refused = [
      await upload(await png(20, 20), 'far.png', { focus: '2,0' }),
      await upload(await png(20, 20), 'odd.png', { focus: 'middle' }),
      await upload(await png(20, 20), 'long.png', { altText: 'a'.repeat(5001) }),
    ];
    expect(refused.map((r) => [r.status, r.type?.split(';')[0], r.body.code, r.body.detail, r.body.errors])).toEqual([
      [
        400,
        'application/problem+json',
        'VALIDATION_FAILED',
        'focus.x: must be a number from -1 to 1',
        [{ field: 'focus.x', message: 'must be a number from -1 to 1' }],
      ],
      [
        400,
        'application/problem+json',
        'VALIDATION_FAILED',
        'focus: must be "x,y", each from -1 to 1',
        [{ field: 'focus', message: 'must be "x,y", each from -1 to 1' }],
      ],
      [
        400,
        'application/problem+json',
        'VALIDATION_FAILED',
        'altText: must be at most 5000 characters',
        [{ field: 'altText', message: 'must be at most 5000 characters' }],
      ],
    ]);
    // The same words as a change of a medium that is kept.
    const patched = await call('PATCH', `/api/v1/media/${randomUUID()}`, { body: { altText: 'a'.repeat(5001), focus: { x: 2, y: 0 } } });
    expect(patched.body.errors).toEqual([
      { field: 'altText', message: 'must be at most 5000 characters' },
      { field: 'focus.x', message: 'must be a number from -1 to 1' },
    ]);
    expect((await call('GET', `/api/v1/brands/${brandId}/media?limit=100`)).body.items).toHaveLength(before);
    if (s3) expect([...s3.objects.keys()].filter((k) => k.startsWith('staging/'))).toEqual([]);
  });

  it("refuses an upload past the brand's quota with a 413 problem that says how full the library is", async () => {
    const big = await noisyJpeg(1800);
    const first = await upload(big, 'roastery-1.jpg', { altText: 'The roaster' });
    expect(first.status).toBe(201);
    // What is counted is the stored (normalised) size: more than half the quota, so a second copy cannot fit.
    expect(first.body.bytes).toBeGreaterThan(QUOTA / 2);
    const second = await upload(big, 'roastery-2.jpg', { altText: 'The roaster again' });
    expect(second.status).toBe(413);
    expect(second.body.code).toBe('MEDIA_QUOTA_EXCEEDED');
    expect(second.body.detail).toMatch(/media library is full: .* of 3\.0 MB used/);
    expect((await call('DELETE', `/api/v1/media/${first.body.id}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/media/${first.body.id}`)).status).toBe(404);
  });

  it('publishes a post with two images to Mastodon (description and focus, then media_ids) and to Bluesky (blobs with alt and aspect ratio)', async () => {
    const a = await upload(await png(1200, 800), 'beans.png', { altText: 'Green coffee beans in a sack', focus: '0.5,0.5' });
    const b = await upload(await png(600, 900), 'cup.png', { altText: 'A cup on a saucer' });
    expect([a.status, b.status]).toEqual([201, 201]);

    const toot = await connect('mastodon', { accessToken: mastodon.token }, { instanceUrl: mastodon.url });
    const tootContent = await approved('mastodon', 'New harvest in the roastery');
    const attached = await call('PUT', `/api/v1/content/${tootContent}/media`, { body: { mediaIds: [a.body.id, b.body.id] } });
    expect(attached.status).toBe(200);
    expect(attached.body.mediaIds).toEqual([a.body.id, b.body.id]);
    expect((await call('POST', `/api/v1/content/${tootContent}/publish`, { body: { connectionIds: [toot] } })).status).toBe(201);
    expect(await itemOf(tootContent)).toMatchObject({ status: 'published' });
    const status = mastodon.statuses.find((s) => s.text.startsWith('New harvest'));
    expect(status?.mediaIds).toHaveLength(2);
    const sent = status?.mediaIds.map((id) => mastodon.attachments.find((x) => x.id === id));
    expect(sent?.map((x) => [x?.mimeType, x?.description, x?.focus])).toEqual([
      ['image/png', 'Green coffee beans in a sack', { x: 0.5, y: 0.5 }],
      ['image/png', 'A cup on a saucer', null],
    ]);

    const sky = await connect('bluesky', { appPassword: bluesky.appPassword }, { handle: bluesky.handle });
    const skyContent = await approved('bluesky', 'New harvest, fresh from the roaster');
    expect((await call('PUT', `/api/v1/content/${skyContent}/media`, { body: { mediaIds: [a.body.id, b.body.id] } })).status).toBe(200);
    expect((await call('POST', `/api/v1/content/${skyContent}/publish`, { body: { connectionIds: [sky] } })).status).toBe(201);
    expect(await itemOf(skyContent)).toMatchObject({ status: 'published' });
    const record = bluesky.records.find((r) => r.value.text.startsWith('New harvest, fresh'));
    const embed = record?.value.embed as unknown as {
      $type: string;
      images: { alt: string; aspectRatio: { width: number; height: number }; image: { ref: { $link: string } } }[];
    };
    expect(embed.$type).toBe('app.bsky.embed.images');
    expect(embed.images.map((i) => [i.alt, i.aspectRatio])).toEqual([
      ['Green coffee beans in a sack', { width: 1200, height: 800 }],
      ['A cup on a saucer', { width: 600, height: 900 }],
    ]);
    const blob = bluesky.blobBytes.get(embed.images[0].image.ref.$link) as Buffer;
    expect((await sharp(blob).metadata()).width).toBe(1200);
  });

  it('publishes a post with an image to X (upload, alt text, media_ids), LinkedIn (Images API, content.media) and WordPress (media library, featured image)', async () => {
    const img = await upload(await png(900, 600), 'roast.png', { altText: 'Beans cooling after the roast' });
    expect(img.status).toBe(201);
    const connections = {
      x: await oauthConnect('x'),
      linkedin: await oauthConnect('linkedin'),
      wordpress: await connect(
        'wordpress',
        { applicationPassword: wordpress.applicationPassword },
        { siteUrl: wordpress.siteUrl, username: wordpress.username },
      ),
    };
    for (const [platform, connectionId] of Object.entries(connections)) {
      const content = await approved(platform, `Roast day, seen on ${platform}`);
      expect((await call('PUT', `/api/v1/content/${content}/media`, { body: { mediaIds: [img.body.id] } })).status).toBe(200);
      expect((await call('POST', `/api/v1/content/${content}/publish`, { body: { connectionIds: [connectionId] } })).status).toBe(201);
      expect(await itemOf(content)).toMatchObject({ status: 'published' });
    }
    const tweet = x.tweets.find((t) => t.text.startsWith('Roast day, seen on x'));
    expect(x.mediaOf(tweet).map((m) => [m.category, m.altText, m.state])).toEqual([['tweet_image', 'Beans cooling after the roast', 'succeeded']]);
    const share = linkedin.posts.find((q) => q.commentary.startsWith('Roast day, seen on linkedin'));
    expect(share?.content?.media?.altText).toBe('Beans cooling after the roast');
    expect(linkedin.mediaOf(share).map((a) => a.status)).toEqual(['AVAILABLE']);
    const article = wordpress.posts.find((q) => q.content.includes('Roast day, seen on wordpress'));
    const [featured] = wordpress.mediaOf(article);
    expect([featured?.id, featured?.alt_text, featured?.mimeType]).toEqual([article?.featured_media, 'Beans cooling after the roast', 'image/png']);
    expect((await sharp(featured?.bytes as Buffer).metadata()).width).toBe(900);
  });

  it("refuses media a platform does not take, in the platform's words, and media of another brand", async () => {
    const five = await Promise.all(
      [1, 2, 3, 4, 5].map(async (n) => (await upload(await png(40 + n, 40), `still-${n}.png`, { altText: `Still ${n}` })).body.id as string),
    );
    const content = await approved('bluesky', 'Five stills of the roast');
    const tooMany = await call('PUT', `/api/v1/content/${content}/media`, { body: { mediaIds: five } });
    expect([tooMany.status, tooMany.body.code]).toEqual([422, 'MEDIA_NOT_ALLOWED']);
    expect(tooMany.body.detail).toContain('Bluesky takes at most 4 images in a post.');

    const noAlt = await upload(await png(50, 50), 'no-alt.png');
    const missingAlt = await call('PUT', `/api/v1/content/${content}/media`, { body: { mediaIds: [noAlt.body.id] } });
    expect(missingAlt.status).toBe(422);
    expect(missingAlt.body.detail).toContain('no-alt.png needs alt text: Bluesky shows it');

    const stranger = await call('PUT', `/api/v1/content/${content}/media`, { body: { mediaIds: [randomUUID()] } });
    expect([stranger.status, stranger.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(stranger.body.errors).toEqual([{ field: 'mediaIds[0]', message: "is not a medium of this post's brand" }]);
  });

  it('refuses to delete a medium while a scheduled post carries it, and deletes it once the post is unscheduled', async () => {
    const m = await upload(await png(300, 300), 'cupping.png', { altText: 'Cupping bowls on a table' });
    const toot = await connect('mastodon', { accessToken: mastodon.token }, { instanceUrl: mastodon.url });
    const content = await approved('mastodon', 'Cupping on Saturday');
    expect((await call('PUT', `/api/v1/content/${content}/media`, { body: { mediaIds: [m.body.id] } })).status).toBe(200);
    const at = new Date(Date.now() + 2 * 86_400_000).toISOString();
    expect((await call('POST', `/api/v1/content/${content}/schedule`, { body: { at, connectionIds: [toot] } })).status).toBe(201);

    const refused = await call('DELETE', `/api/v1/media/${m.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(refused.body.code).toBe('MEDIA_IN_USE');
    expect(refused.body.detail).toContain('1 scheduled post');
    expect((await call('GET', `/api/v1/media/${m.body.id}`)).status).toBe(200);

    expect((await call('DELETE', `/api/v1/content/${content}/schedule`)).status).toBe(200);
    expect((await call('DELETE', `/api/v1/media/${m.body.id}`)).status).toBe(204);
    if (s3) expect(s3.objects.has(`${brandId}/${m.body.id}`)).toBe(false);
  });
});
