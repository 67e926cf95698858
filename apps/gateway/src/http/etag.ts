import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash, hash } from 'node:crypto';

/** What Express answers for an empty body (the `etag` package's fast path). */
const EMPTY = 'W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"';

/** One-shot SHA-1 (Node ≥ 20.12, 21.7): no Hash object, no stream wrapper per call. */
const sha1Base64: (data: Buffer | string) => string =
  typeof hash === 'function' ? (data) => hash('sha1', data, 'base64') : (data) => createHash('sha1').update(data).digest('base64');

/**
 * Express's default weak ETag (`app.set('etag', 'weak')`, the `etag` package), byte for byte:
 * W/"<length in hex>-<first 27 characters of the base64 SHA-1>". Computed with the one-shot hash,
 * which costs half as much per response as the `etag` package's createHash chain (ADR 156).
 */
export function weakETag(body: Buffer | string, encoding?: BufferEncoding): string {
  const bytes = typeof body === 'string' ? Buffer.from(body, encoding ?? 'utf8') : body;
  if (bytes.length === 0) return EMPTY;
  return `W/"${bytes.length.toString(16)}-${sha1Base64(bytes).substring(0, 27)}"`;
}

/** Answers up to this many characters have their ETag remembered, and this many of them. */
const MEMO_MAX_LENGTH = 1024;
const MEMO_MAX_ENTRIES = 128;
const memo = new Map<string, string>();

/**
 * weakETag of a short answer the gateway gave before, remembered by its exact text (ADR 219): a
 * probe, a poll of an unchanged job or count, a page of the app read again. On a running server a
 * SHA-1 of even a 15-byte body cost ~10 µs of CPU (against ~1.4 µs in a tight loop), more than
 * the rest of the bare route's ETag work. At most 128 answers of ≤ 1,024 characters are kept
 * (oldest out first), so the memory is bounded (< 0.3 MB); the value is the same as computed.
 */
export function rememberedWeakETag(body: string): string {
  if (body.length > MEMO_MAX_LENGTH) return weakETag(body);
  let etag = memo.get(body);
  if (etag === undefined) {
    etag = weakETag(body);
    if (memo.size >= MEMO_MAX_ENTRIES) memo.delete(memo.keys().next().value as string);
    memo.set(body, etag);
  }
  return etag;
}

/** If-None-Match matches the ETag (weak comparison, or `*`), and the request does not ask to skip caches: Express's `req.fresh`. */
function fresh(req: FastifyRequest, etag: string): boolean {
  const given = req.headers['if-none-match'];
  if (!given) return false;
  if (/(?:^|,)\s*no-cache\s*(?:,|$)/.test(String(req.headers['cache-control'] ?? ''))) return false;
  if (given.trim() === '*') return true;
  const bare = (t: string) => (t.startsWith('W/') ? t.slice(2) : t);
  return given.split(',').some((t) => bare(t.trim()) === bare(etag));
}

/**
 * Weak ETags (Express's, above) on successful GET and HEAD answers, and 304 without a body when a
 * GET or HEAD's If-None-Match matches (ADR 165). Only a 2xx answer to a GET or HEAD gets one (ADR
 * 178): it is the only answer a client can revalidate, and Express's hash of every write and every
 * problem body was work nobody used. Streams (files, SSE) get none, as on Express.
 */
export function installWeakETags(server: FastifyInstance): void {
  server.addHook('onSend', (req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload?: unknown) => void) => {
    const status = reply.statusCode;
    if (status >= 400) {
      // Fastify closes the connection after any body error; Express kept it when the body was read whole.
      if (req.raw.complete && reply.getHeader('connection') === 'close') reply.removeHeader('connection');
      return done(null, payload);
    }
    if ((req.method !== 'GET' && req.method !== 'HEAD') || status < 200 || status >= 300) return done(null, payload);
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
    let etag = reply.getHeader('etag') as string | undefined;
    if (etag === undefined) {
      etag = typeof payload === 'string' ? rememberedWeakETag(payload) : weakETag(payload);
      reply.header('ETag', etag);
    }
    if (fresh(req, etag)) {
      reply.code(304);
      reply.removeHeader('content-type');
      reply.removeHeader('content-length');
      reply.removeHeader('transfer-encoding');
      return done(null, '');
    }
    done(null, payload);
  });
}
