import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OpenAiCompatibleTestServer, testReply } from '@mt/ai';
import sharp from 'sharp';
import { api, PLATFORM_BOOT_MS, registerUser, type TestUser } from '../support/http';
import { joinBrand } from '../support/members';
import { PLATFORM_MODES, startTestPlatform, type TestPlatform } from '../support/platform';
import { SHARED_MODES, sharedTestPlatform, type SharedPlatform } from '../support/shared';

const PROBLEM = 'application/problem+json';

/** A one-second MP4 (ffmpeg's test pattern). */
function clip(): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'mt-alt-text-'));
  try {
    const file = path.join(dir, 'clip.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=1:size=320x240:rate=10', '-c:v', 'mpeg4', '-y', file]);
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A draft alt text for an image of the media library (ADR 209), on the run's shared platforms (local engine). */
describe.each(SHARED_MODES)('alt-text suggestion (%s)', (mode) => {
  let p: SharedPlatform;
  let owner: TestUser;
  let editor: TestUser;
  let viewer: TestUser;
  let stranger: TestUser;
  let brandId: string;
  let imageId: string;
  let videoId: string;

  const upload = async (bytes: Buffer, name: string) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), name);
    const res = await fetch(`${p.url}/api/v1/brands/${brandId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.accessToken}` },
      body: form,
    });
    const body = (await res.json()) as { id: string };
    expect(res.status).toBe(201);
    return body.id;
  };
  const suggest = (id: string, token: string, body?: unknown) => api(p.url, 'POST', `/api/v1/media/${id}/alt-text-suggestion`, { token, body });

  beforeAll(async () => {
    p = await sharedTestPlatform(mode);
    [owner, editor, viewer, stranger] = [
      await registerUser(p.url, 'alt-owner'),
      await registerUser(p.url, 'alt-editor'),
      await registerUser(p.url, 'alt-viewer'),
      await registerUser(p.url, 'alt-stranger'),
    ];
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token: owner.accessToken, body: { name: 'Northbeam Coffee' } });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
    await joinBrand(p.url, owner.accessToken, brandId, { email: editor.user.email, token: editor.accessToken }, 'editor');
    await joinBrand(p.url, owner.accessToken, brandId, { email: viewer.user.email, token: viewer.accessToken }, 'viewer');
    const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#6f4e37' } })
      .png()
      .toBuffer();
    imageId = await upload(png, 'guji-pour-over.png');
    videoId = await upload(clip(), 'pour.mp4');
  }, PLATFORM_BOOT_MS);

  it("answers an editor a draft within the platform's limit, and saves nothing", async () => {
    const text = 'Our Ethiopian Guji is back on subscription. '.repeat(20);
    const r = await suggest(imageId, editor.accessToken, { platform: 'pinterest', text });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      altText: expect.stringMatching(/^Landscape image: guji pour over, from Northbeam Coffee\. Shared with the post: Our Ethiopian Guji/),
      model: expect.any(String),
      source: 'local-engine',
    });
    expect(r.body.altText.length).toBeLessThanOrEqual(500);
    expect(r.body.altText).not.toMatch(/^(an? )?(image|picture) of/i);
    // Without a body: the strictest platform's limit, and the draft still names what it knows.
    const bare = await suggest(imageId, owner.accessToken);
    expect(bare.status).toBe(200);
    expect(bare.body.altText).toBe('Landscape image: guji pour over, from Northbeam Coffee.');
    const medium = await api(p.url, 'GET', `/api/v1/media/${imageId}`, { token: owner.accessToken });
    expect(medium.body.altText).toBeNull();
  });

  it('refuses a video with a 422 problem and an unknown platform with a 400', async () => {
    const video = await suggest(videoId, editor.accessToken);
    expect({ status: video.status, code: video.body?.code, type: video.headers.get('content-type') }).toEqual({
      status: 422,
      code: 'NOT_AN_IMAGE',
      type: expect.stringContaining(PROBLEM),
    });
    const bad = await suggest(imageId, editor.accessToken, { platform: 'myspace' });
    expect({ status: bad.status, code: bad.body?.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('answers 403 to a viewer and 404 to a stranger, and 404 for a medium that does not exist', async () => {
    const asViewer = await suggest(imageId, viewer.accessToken);
    expect({ status: asViewer.status, code: asViewer.body?.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    const asStranger = await suggest(imageId, stranger.accessToken);
    expect({ status: asStranger.status, code: asStranger.body?.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    const missing = await suggest('00000000-0000-4000-8000-000000000000', owner.accessToken);
    expect({ status: missing.status, code: missing.body?.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
  });
});

/** A model marked as accepting images (AI_IMAGE_MODELS) is shown the stored image itself, as an `image_url` part. */
describe.each(PLATFORM_MODES)('alt-text suggestion from a model that sees the image (%s)', (mode) => {
  let ai: OpenAiCompatibleTestServer;
  let p: TestPlatform;
  let owner: TestUser;
  let brandId: string;

  beforeAll(async () => {
    ai = await OpenAiCompatibleTestServer.start();
    p = await startTestPlatform(mode, {
      AI_PROVIDER: 'openai-compatible',
      AI_BASE_URL: ai.url,
      AI_MODEL_CONTENT: 'vision-test',
      AI_IMAGE_MODELS: 'vision-test',
      AI_PRICES: JSON.stringify({ '*': { inPerMTok: 0, outPerMTok: 0 } }),
      AI_MAX_RETRIES: '1',
      AI_RETRY_BASE_DELAY_MS: '0',
      AI_RETRY_MAX_DELAY_MS: '0',
    });
    owner = await registerUser(p.url, 'alt-vision-owner');
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token: owner.accessToken, body: { name: 'Northbeam Coffee' } });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
    await ai?.close();
  });

  it("sends the stored bytes with the facts, and answers the model's checked draft", async () => {
    const png = await sharp({ create: { width: 600, height: 900, channels: 3, background: '#6f4e37' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)]), 'bag-of-beans.png');
    const res = await fetch(`${p.url}/api/v1/brands/${brandId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.accessToken}` },
      body: form,
    });
    expect(res.status).toBe(201);
    const medium = (await res.json()) as { id: string; mimeType: string };
    ai.enqueue(
      testReply.json({ altText: 'Picture of a brown background.' }),
      testReply.json({ altText: 'A plain coffee-brown rectangle, taller than it is wide.' }),
    );

    const r = await api(p.url, 'POST', `/api/v1/media/${medium.id}/alt-text-suggestion`, { token: owner.accessToken, body: { platform: 'mastodon' } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ altText: 'A plain coffee-brown rectangle, taller than it is wide.', model: 'vision-test', source: 'llm' });

    const stored = Buffer.from(
      await (await fetch(`${p.url}/api/v1/media/${medium.id}/file`, { headers: { authorization: `Bearer ${owner.accessToken}` } })).arrayBuffer(),
    );
    const [first, retry] = ai.chatRequests.map((c) => c.body.messages as { role: string; content: unknown }[]);
    const part = (messages: { role: string; content: unknown }[]) => {
      const user = messages.filter((m) => m.role === 'user').at(-1)!;
      return (user.content as { type: string; text?: string; image_url?: { url: string } }[]).find((c) => c.type === 'image_url')?.image_url?.url;
    };
    expect(part(first)).toBe(`data:${medium.mimeType};base64,${stored.toString('base64')}`);
    expect(JSON.stringify(first)).toContain('bag-of-beans.png');
    // The refused "picture of" draft was retried with the image again.
    expect(part(retry)).toBe(part(first));
  });
});
