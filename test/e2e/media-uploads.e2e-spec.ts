import { request as httpRequest } from 'node:http';
import sharp from 'sharp';
import { api, PLATFORM_BOOT_MS, registerUser } from '../support/http';
import { SHARED_MODES, sharedTestPlatform, type SharedPlatform } from '../support/shared';

const TUS = { 'Tus-Resumable': '1.0.0' };
const PROBLEM = 'application/problem+json';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const metadataOf = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, v]) => `${k} ${b64(v)}`)
    .join(',');

/** Resumable uploads to the media library with the tus 1.0 protocol (ADR 188), on the run's shared platforms. */
describe.each(SHARED_MODES)('resumable media uploads (%s)', (mode) => {
  let p: SharedPlatform;
  let owner: string;
  let stranger: string;
  let brandId: string;
  let image: Buffer;

  const start = async (length: number, fields: Record<string, string>, token = owner, headers: Record<string, string> = {}) => {
    const res = await fetch(`${p.url}/api/v1/media/uploads`, {
      method: 'POST',
      headers: { ...TUS, authorization: `Bearer ${token}`, 'Upload-Length': String(length), 'Upload-Metadata': metadataOf(fields), ...headers },
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
  const send = async (location: string, offset: number, bytes: Buffer, token = owner) => {
    const res = await fetch(`${p.url}${location}`, {
      method: 'PATCH',
      headers: { ...TUS, authorization: `Bearer ${token}`, 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' },
      body: new Uint8Array(bytes),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
  const where = (location: string, token = owner) => fetch(`${p.url}${location}`, { method: 'HEAD', headers: { ...TUS, authorization: `Bearer ${token}` } });
  const expectProblem = (r: { status: number; headers: Headers; body: any }, status: number, code: string) => {
    expect({ status: r.status, code: r.body?.code, type: r.headers.get('content-type') }).toEqual({ status, code, type: expect.stringContaining(PROBLEM) });
  };

  beforeAll(async () => {
    p = await sharedTestPlatform(mode);
    owner = (await registerUser(p.url, 'tus-owner')).accessToken;
    stranger = (await registerUser(p.url, 'tus-stranger')).accessToken;
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token: owner, body: { name: 'Resumable Roasters' } });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
    // Noise compresses badly: an image of a few hundred kilobytes, sent in several pieces.
    image = await sharp(
      Buffer.alloc(400 * 300 * 3, 7).map((_, i) => (i * 7919) % 251),
      { raw: { width: 400, height: 300, channels: 3 } },
    )
      .png()
      .toBuffer();
  }, PLATFORM_BOOT_MS);

  it('takes a file in pieces, tells where it stands, refuses a wrong offset, and answers the medium after the last piece', async () => {
    const created = await start(image.length, { brandId, filename: 'roast.png', altText: 'A tray of freshly roasted beans' });
    expect(created.status).toBe(201);
    expect(created.headers.get('tus-resumable')).toBe('1.0.0');
    const location = created.headers.get('location') as string;
    expect(location).toMatch(/^\/api\/v1\/uploads\/[0-9a-f-]{36}$/);

    const half = Math.floor(image.length / 2);
    const first = await send(location, 0, image.subarray(0, half));
    expect({ status: first.status, offset: first.headers.get('upload-offset') }).toEqual({ status: 204, offset: String(half) });

    const head = await where(location);
    expect({ status: head.status, offset: head.headers.get('upload-offset'), length: head.headers.get('upload-length') }).toEqual({
      status: 200,
      offset: String(half),
      length: String(image.length),
    });

    expectProblem(await send(location, 0, image.subarray(0, 10)), 409, 'CONFLICT');

    const last = await send(location, half, image.subarray(half));
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({ id: expect.any(String), brandId, type: 'image', width: 400, height: 300, altText: 'A tray of freshly roasted beans' });

    const library = await api(p.url, 'GET', `/api/v1/media?brandId=${brandId}`, { token: owner });
    expect((library.body.items as { id: string }[]).map((m) => m.id)).toContain(last.body.id);
    // The finished upload is gone: its bytes live on as the medium only.
    expect((await where(location)).status).toBe(404);
  });

  it('resumes after a connection cut mid-piece, from the offset the server kept', async () => {
    const created = await start(image.length, { brandId, filename: 'cut.png' });
    const location = created.headers.get('location') as string;
    const sent = Math.floor(image.length * 0.6);
    // A PATCH announcing the whole file whose connection dies after 60 % of it.
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${p.url}${location}`, {
        method: 'PATCH',
        headers: {
          ...TUS,
          authorization: `Bearer ${owner}`,
          'Upload-Offset': '0',
          'Content-Type': 'application/offset+octet-stream',
          'Content-Length': String(image.length),
        },
      });
      req.on('error', () => resolve());
      req.on('response', (res) => {
        res.resume();
        resolve();
      });
      req.write(image.subarray(0, sent), () => setTimeout(() => req.destroy(), 300));
    });
    const kept = Number(
      await (async () => {
        for (let i = 0; i < 50; i++) {
          const head = await where(location);
          if (head.status === 200) return head.headers.get('upload-offset');
          await new Promise((r) => setTimeout(r, 100));
        }
        return 'no answer';
      })(),
    );
    expect(kept).toBeGreaterThanOrEqual(0);
    expect(kept).toBeLessThanOrEqual(sent);
    const rest = await send(location, kept, image.subarray(kept));
    expect(rest.status).toBe(200);
    expect(rest.body).toMatchObject({ type: 'image', width: 400, height: 300 });
  });

  it("keeps an upload to its owner, a brand to its members, and the gateway's own CORS policy", async () => {
    expectProblem(await start(image.length, { brandId }, stranger), 404, 'NOT_FOUND');
    const created = await start(image.length, { brandId, filename: 'mine.png', ownerId: 'someone-else' });
    expectProblem(created, 400, 'VALIDATION_FAILED');
    const mine = await start(image.length, { brandId, filename: 'mine.png' }, owner, { Origin: 'https://evil.example' });
    expect(mine.status).toBe(201);
    expect(mine.headers.get('access-control-allow-origin')).toBeNull();
    const location = mine.headers.get('location') as string;
    expect((await where(location, stranger)).status).toBe(404);
    expectProblem(await send(location, 0, image, stranger), 404, 'NOT_FOUND');
    const gone = await fetch(`${p.url}${location}`, { method: 'DELETE', headers: { ...TUS, authorization: `Bearer ${stranger}` } });
    expect(gone.status).toBe(404);
    expect((await where(location)).status).toBe(200);
    const abandoned = await fetch(`${p.url}${location}`, { method: 'DELETE', headers: { ...TUS, authorization: `Bearer ${owner}` } });
    expect(abandoned.status).toBe(204);
    expect((await where(location)).status).toBe(404);
    const anonymous = await fetch(`${p.url}/api/v1/media/uploads`, {
      method: 'POST',
      headers: { ...TUS, 'Upload-Length': '10', 'Upload-Metadata': metadataOf({ brandId }) },
    });
    expect(anonymous.status).toBe(401);
  });

  it('refuses bad metadata, a file past the upload limit, and bytes that are no image or video — and keeps nothing of them', async () => {
    expectProblem(await start(100, { filename: 'x.png' }), 400, 'VALIDATION_FAILED');
    expectProblem(await start(100, { brandId: 'not-a-uuid' }), 400, 'VALIDATION_FAILED');
    expectProblem(await start(100, { brandId, focus: '3,3' }), 400, 'VALIDATION_FAILED');
    expectProblem(await start(300 * 1024 * 1024, { brandId, filename: 'huge.mp4' }), 413, 'PAYLOAD_TOO_LARGE');

    const before = await api(p.url, 'GET', `/api/v1/media?brandId=${brandId}`, { token: owner });
    const text = Buffer.from('these bytes are a note, not a picture\n'.repeat(50));
    const created = await start(text.length, { brandId, filename: 'photo.png' });
    const location = created.headers.get('location') as string;
    const refused = await send(location, 0, text);
    expectProblem(refused, 400, 'MEDIA_TYPE_NOT_ALLOWED');
    const after = await api(p.url, 'GET', `/api/v1/media?brandId=${brandId}`, { token: owner });
    expect(after.body.items).toHaveLength(before.body.items.length);
    expect(after.body.usedBytes).toBe(before.body.usedBytes);
    expect((await where(location)).status).toBe(404);
  });
});
