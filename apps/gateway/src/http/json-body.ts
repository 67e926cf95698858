import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** `application/*+json` (problem+json, merge-patch+json, …): read as JSON, like application/json. */
const VENDOR_JSON = /^application\/[\w.+-]+\+json\s*(;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;
/** Only objects and arrays (Express's strict JSON parser). */
const FIRST_CHAR = /^[ \t\n\r]*([^ \t\n\r])/;

/** "100kb", "1mb" (the `bytes` package's units, 1024-based) or a number of bytes. */
export function parseByteLimit(limit: string | number): number {
  if (typeof limit === 'number') return limit;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb)?\s*$/i.exec(limit);
  if (!m) throw new Error(`Not a size: ${limit}`);
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  return Math.floor(Number(m[1]) * unit);
}

const bodyError = (status: number, type: string, message: string) => Object.assign(new Error(message), { status, statusCode: status, type, expose: true });

/** The bytes as sent, decoded from their Content-Encoding (gzip, deflate, br, identity), at most `limit` once decoded. */
function decode(req: FastifyRequest, body: Buffer, limit: number): Buffer {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const opts = { maxOutputLength: limit };
  try {
    switch (encoding) {
      case 'identity':
        return body;
      case 'gzip':
        return gunzipSync(body, opts);
      case 'deflate':
        return inflateSync(body, opts);
      case 'br':
        return brotliDecompressSync(body, opts);
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw bodyError(413, 'entity.too.large', 'request entity too large');
    throw bodyError(400, 'encoding.failed', (err as Error).message);
  }
  throw bodyError(415, 'encoding.unsupported', `unsupported content encoding "${encoding}"`);
}

/** JSON.parse, refusing what is not an object or an array with the same SyntaxError Express's parser gives. */
function parseStrict(text: string): unknown {
  if (text.length === 0) return {};
  const first = FIRST_CHAR.exec(text)?.[1];
  if (first !== undefined && first !== '{' && first !== '[') throw Object.assign(strictSyntaxError(text, first), { status: 400 });
  try {
    return JSON.parse(text);
  } catch (err) {
    // A SyntaxError with status 400 is what Nest answers as a 400 with the parser's message.
    throw Object.assign(err as SyntaxError, { status: 400 });
  }
}

function strictSyntaxError(text: string, char: string): SyntaxError {
  const index = text.indexOf(char);
  const partial = index !== -1 ? text.substring(0, index) + '#'.repeat(text.length - index) : '';
  try {
    JSON.parse(partial);
    return new SyntaxError('strict violation');
  } catch (e) {
    return new SyntaxError((e as Error).message.replace(/#+/g, (p) => text.substring(index, index + p.length)));
  }
}

/**
 * The gateway's only body parser (ADR 165): JSON (`application/json`, `application/*+json`) up to
 * `limit` bytes, in any of the encodings Express's parser took, utf-8 only, with the exact bytes
 * kept as `request.rawBody` (signed inbound webhooks). Its errors are the ones the problem filter
 * knows: a SyntaxError (400), too large (413), an encoding or charset it cannot read (415).
 */
export function installJsonBodyParser(server: FastifyInstance, limit: number): void {
  server.removeAllContentTypeParsers();
  const parse = (req: FastifyRequest, body: Buffer | string, done: (err: Error | null, body?: unknown) => void) => {
    try {
      const charset = CHARSET.exec(String(req.headers['content-type'] ?? ''))?.[1]?.toLowerCase();
      if (charset && !charset.startsWith('utf-')) throw bodyError(415, 'charset.unsupported', `unsupported charset "${charset.toUpperCase()}"`);
      const bytes = decode(req, body as Buffer, limit);
      req.rawBody = bytes;
      done(null, parseStrict(bytes.toString('utf8')));
    } catch (err) {
      done(err as Error);
    }
  };
  server.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: limit }, parse);
  server.addContentTypeParser(VENDOR_JSON, { parseAs: 'buffer', bodyLimit: limit }, parse);
}
