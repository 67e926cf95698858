import { request } from 'undici';
import { agentFor, type OutboundPolicy } from '../../net/outbound-guard';

/** The `external` of an app.bsky.embed.external embed: the card Bluesky shows under a post. */
export interface ExternalCard {
  uri: string;
  title: string;
  description: string;
}

/** A card as read from the page, with the page's image (og:image, twitter:image) when it names one. */
export interface LinkPage extends ExternalCard {
  image?: string;
}

/** An image read for a card's thumbnail. */
export interface CardImage {
  bytes: Uint8Array;
  mimeType: string;
}

export interface LinkCardOptions {
  /** The outbound guard's policy: the page is fetched only from public addresses (ADR 100). */
  policy: OutboundPolicy;
  /** For the whole read, redirects included (BLUESKY_LINK_CARD_TIMEOUT_MS). */
  timeoutMs: number;
  /** The most of the page that is read; the title and og tags are in its head. */
  maxBytes?: number;
  maxRedirects?: number;
}

const DEFAULT_MAX_BYTES = 256 * 1024;
/** app.bsky.embed.external#external's thumb: image/*, at most 1,000,000 bytes. */
export const MAX_THUMB_BYTES = 1_000_000;
const MAX_TITLE = 300;
const MAX_DESCRIPTION = 1000;

/**
 * A link card for `uri` (ADR 146): the page's og:title / twitter:title / <title> and its
 * og:description / twitter:description / description, and the URL of its og:image /
 * twitter:image for a thumbnail. Null when the page could not be read — a
 * refused address, a timeout, a failed connection, an error status, too many redirects — so the
 * post goes out with its clickable link and no card. A page that answered but says nothing
 * (no HTML, no title) gets a card titled with its URL.
 */
export async function readLinkCard(uri: string, opts: LinkCardOptions): Promise<LinkPage | null> {
  const res = await guardedGet(uri, opts, 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5');
  if (!res) return null;
  if (res.type && !/html/i.test(res.type)) {
    res.dump();
    return { uri, title: uri, description: '' };
  }
  const html = await res.read(opts.maxBytes ?? DEFAULT_MAX_BYTES);
  return html === null ? null : cardOf(uri, new TextDecoder(charsetOf(res.type)).decode(html), res.url);
}

/**
 * A card's thumbnail, read through the same guard within the same kind of deadline: an image/*
 * answer of at most MAX_THUMB_BYTES, else null (the card goes without a thumbnail).
 */
export async function readCardImage(url: string, opts: LinkCardOptions): Promise<CardImage | null> {
  const res = await guardedGet(url, opts, 'image/*');
  if (!res) return null;
  const mimeType = res.type.split(';')[0].trim().toLowerCase();
  if (!/^image\/[a-z0-9.+-]+$/.test(mimeType)) {
    res.dump();
    return null;
  }
  const bytes = await res.read(MAX_THUMB_BYTES + 1);
  return bytes && bytes.length > 0 && bytes.length <= MAX_THUMB_BYTES ? { bytes, mimeType } : null;
}

interface GuardedAnswer {
  /** Where the answer came from, after redirects. */
  url: string;
  type: string;
  /** At most `max` bytes of the body; null when reading failed or ran out of time. */
  read(max: number): Promise<Uint8Array | null>;
  dump(): void;
}

/**
 * A GET through the outbound guard, following at most `maxRedirects` redirects (each a new
 * guarded connection, http(s) only). Null for anything but a 2xx answer in time: a refused
 * address, a timeout, a failed connection, an error status, too many redirects.
 */
async function guardedGet(uri: string, opts: LinkCardOptions, accept: string): Promise<GuardedAnswer | null> {
  const signal = AbortSignal.timeout(opts.timeoutMs);
  const maxRedirects = opts.maxRedirects ?? 3;
  let url = uri;
  try {
    for (let hop = 0; hop <= maxRedirects; hop++) {
      const res = await request(url, {
        method: 'GET',
        headers: { accept, 'user-agent': 'Mozilla/5.0 (compatible; MarketingTeamLinkCard/1.0)' },
        dispatcher: agentFor(opts.policy),
        signal,
      });
      const location = header(res.headers.location);
      if (res.statusCode >= 300 && res.statusCode < 400 && location) {
        await res.body.dump();
        const next = new URL(location, url);
        if (next.protocol !== 'https:' && next.protocol !== 'http:') return null;
        url = next.toString();
        continue;
      }
      if (res.statusCode < 200 || res.statusCode >= 300) {
        await res.body.dump();
        return null;
      }
      return {
        url,
        type: header(res.headers['content-type']) ?? '',
        read: (max) => readCapped(res.body, max).catch(() => null),
        dump: () => void res.body.dump().catch(() => undefined),
      };
    }
    return null;
  } catch {
    // Refused by the guard, timed out, connection failed: the post keeps its link, without a card.
    return null;
  }
}

/** The card a page's HTML describes; the URL stands in for a missing title. */
export function cardOf(uri: string, html: string, pageUrl = uri): LinkPage {
  const meta = new Map<string, string>();
  for (const tag of html.matchAll(/<meta\b[^>]*>/gi)) {
    const attrs = attributesOf(tag[0]);
    const key = (attrs.get('property') ?? attrs.get('name') ?? '').toLowerCase();
    const content = attrs.get('content');
    if (key && content !== undefined && !meta.has(key)) meta.set(key, content);
  }
  const titleTag = /<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const title = clean(meta.get('og:title') ?? meta.get('twitter:title') ?? titleTag ?? '');
  const description = clean(meta.get('og:description') ?? meta.get('twitter:description') ?? meta.get('description') ?? '');
  const card: LinkPage = { uri, title: cut(title || uri, MAX_TITLE), description: cut(description, MAX_DESCRIPTION) };
  const image = imageUrl(clean(meta.get('og:image') ?? meta.get('og:image:url') ?? meta.get('twitter:image') ?? ''), pageUrl);
  if (image) card.image = image;
  return card;
}

/** The page's image as an absolute http(s) URL (og:image may be relative to the page), or null. */
function imageUrl(raw: string, pageUrl: string): string | null {
  if (!raw) return null;
  try {
    const u = new URL(raw, pageUrl);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null;
  } catch {
    return null;
  }
}

function attributesOf(tag: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of tag.replace(/^<meta\b/i, '').matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    attrs.set(m[1].toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Entities decoded, tags dropped, white space collapsed. */
function clean(s: string): string {
  return s
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
      if (e[0] !== '#') return NAMED[e.toLowerCase()] ?? all;
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** At most `max` code points, an ellipsis marking the cut. */
function cut(s: string, max: number): string {
  const points = Array.from(s);
  return points.length <= max ? s : `${points.slice(0, max - 1).join('')}…`;
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function charsetOf(contentType: string): string {
  const cs = /charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1]?.toLowerCase() ?? 'utf-8';
  try {
    new TextDecoder(cs);
    return cs;
  } catch {
    return 'utf-8';
  }
}

async function readCapped(body: AsyncIterable<Buffer>, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    // Leaving the loop ends the stream: the rest of a large answer is never read.
    if (size >= maxBytes) break;
  }
  return Buffer.concat(chunks).subarray(0, maxBytes);
}
