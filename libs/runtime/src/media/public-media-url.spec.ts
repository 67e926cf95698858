import { PUBLIC_MEDIA_TTL_MS, signPublicMediaUrl, verifyPublicMedia } from './public-media-url';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const medium = { storageKey: '2c1f9d3e-brand/7a0b-file', mimeType: 'image/jpeg' };

/** What the gateway's route reads back from a signed URL. */
function claimOf(url: string) {
  const u = new URL(url);
  return {
    storageKey: decodeURIComponent(u.pathname.replace('/api/v1/public-media/', '')),
    type: u.searchParams.get('type') ?? undefined,
    expires: u.searchParams.get('expires') ?? undefined,
    signature: u.searchParams.get('signature') ?? undefined,
  };
}

describe('signed public media URLs (ADR 176)', () => {
  const now = Date.parse('2026-12-04T10:00:00Z');

  it('names the medium under the public origin, and holds until it expires an hour later', () => {
    const url = signPublicMediaUrl('https://media.example.com/', SECRET, medium, now);
    expect(url).toMatch(/^https:\/\/media\.example\.com\/api\/v1\/public-media\/2c1f9d3e-brand\/7a0b-file\?type=image%2Fjpeg&expires=\d+&signature=[\w-]{43}$/);
    expect(Number(new URL(url).searchParams.get('expires')) * 1000).toBe(now + PUBLIC_MEDIA_TTL_MS);
    expect(verifyPublicMedia(SECRET, claimOf(url), now)).toBe(true);
    expect(verifyPublicMedia(SECRET, claimOf(url), now + PUBLIC_MEDIA_TTL_MS - 1000)).toBe(true);
    expect(verifyPublicMedia(SECRET, claimOf(url), now + PUBLIC_MEDIA_TTL_MS + 1000)).toBe(false);
  });

  it('refuses any change to the key, type, expiry or signature, another secret, and missing parts', () => {
    const c = claimOf(signPublicMediaUrl('https://m.example', SECRET, medium, now));
    expect(verifyPublicMedia(SECRET, { ...c, storageKey: '2c1f9d3e-brand/other' }, now)).toBe(false);
    expect(verifyPublicMedia(SECRET, { ...c, type: 'text/html' }, now)).toBe(false);
    expect(verifyPublicMedia(SECRET, { ...c, expires: String(Number(c.expires) + 60) }, now)).toBe(false);
    expect(verifyPublicMedia(SECRET, { ...c, signature: `${c.signature?.slice(0, -1)}${c.signature?.endsWith('A') ? 'B' : 'A'}` }, now)).toBe(false);
    expect(verifyPublicMedia('another-secret-of-at-least-thirty-two-chars', c, now)).toBe(false);
    expect(verifyPublicMedia(SECRET, { ...c, signature: undefined }, now)).toBe(false);
    expect(verifyPublicMedia(SECRET, { ...c, expires: '1e12' }, now)).toBe(false);
  });
});
