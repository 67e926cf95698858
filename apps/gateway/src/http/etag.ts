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
