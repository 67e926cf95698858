import { randomUUID } from 'node:crypto';
import { type OpenEventMap, UnitOfWork } from '@mt/messages';
import { FakeS3 } from './fake-s3';
import { api, type PlatformMode, registerUser, startTestPlatform, type TestPlatform, until } from './platform';
import { PublicOrigin } from './public-origin';

/** The secret the gateway signs public media URLs with in these tests. */
export const MEDIA_URL_SECRET = 'e2e-media-url-secret-0123456789abcdefghijkl';

/**
 * A platform for a channel that pulls its media from the gateway's signed public URL (Instagram,
 * ADR 176; TikTok, ADR 181): the public origin in front of the gateway, the S3-compatible store in
 * services mode, and an owner with a brand. `env` adds the channel's own settings (its fake's URLs).
 */
export interface MediaChannelPlatform {
  p: TestPlatform;
  origin: PublicOrigin;
  s3: FakeS3 | null;
  token: string;
  brandId: string;
  /** The system stopped and started again on the same data, the public origin pointed at it. */
  restart(): Promise<TestPlatform>;
  stop(): Promise<void>;
}

export async function startMediaChannelPlatform(mode: PlatformMode, env: Record<string, string>): Promise<MediaChannelPlatform> {
  const origin = await new PublicOrigin().start();
  const s3 = mode === 'services' ? await new FakeS3().start() : null;
  const p = await startTestPlatform(mode, { ...env, MEDIA_URL_SECRET, MEDIA_PUBLIC_URL: origin.url, ...(s3 ? s3.env() : {}) });
  origin.target = p.url;
  const token = (await registerUser(p.url, 'owner')).accessToken;
  const brand = await api(p.url, 'POST', '/api/v1/brands', { token, body: { name: 'Acme Coffee' } });
  if (brand.status !== 201) throw new Error(`creating the brand answered ${brand.status}: ${JSON.stringify(brand.body)}`);
  const sys: MediaChannelPlatform = {
    p,
    origin,
    s3,
    token,
    brandId: brand.body.id as string,
    async restart() {
      sys.p = await sys.p.restart();
      origin.target = sys.p.url;
      return sys.p;
    },
    async stop() {
      await sys.p.destroy();
      await origin.stop();
      await s3?.stop();
    },
  };
  return sys;
}

/** Uploads a file to the brand's media library, as the web app does. */
export async function uploadMedia(sys: MediaChannelPlatform, bytes: Buffer, name: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const res = await fetch(`${sys.p.url}/api/v1/brands/${sys.brandId}/media`, { method: 'POST', headers: { authorization: `Bearer ${sys.token}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

/** Approved content of a platform, as creation-agent announces it; answers once publishing-agent knows it. */
export async function approvedContent(
  sys: MediaChannelPlatform,
  c: { platform: string; body: string; topic: string; format: 'image' | 'video' },
): Promise<string> {
  const uow = sys.p.platform.gateway.get<UnitOfWork<OpenEventMap>>(UnitOfWork, { strict: false });
  const now = new Date().toISOString();
  const content = {
    ...{
      id: randomUUID(),
      brandId: sys.brandId,
      campaignId: null,
      calendarEntryId: null,
      platform: c.platform,
      status: 'approved',
      body: c.body,
      hashtags: ['coffee'],
    },
    ...{ topic: c.topic, pillar: 'coffee craft', format: c.format, variants: [], selectedVariantId: null, version: 1, aiMeta: null },
    ...{ approvedAt: now, approvedBy: randomUUID(), scheduledAt: null, publishedAt: null, externalUrl: null, failure: null, createdAt: now, updatedAt: now },
  };
  await uow.transaction(async () => void uow.publishEvent('content.approved', { content, by: content.approvedBy }));
  await until('publishing-agent to know the content', async () =>
    (await api(sys.p.url, 'GET', `/api/v1/content/${content.id}/media`, { token: sys.token })).status === 200 ? true : undefined,
  );
  return content.id;
}
