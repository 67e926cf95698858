import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What a fake can be told to do to the next matching requests:
 * - 'timeout-after-accepting': do the work (record the post), then never answer;
 * - 'rate-limit': 429 with the platform's rate-limit headers;
 * - 'revoked': 401 (or the platform's invalid_grant on a token endpoint);
 * - 'server-error': 500; 'unavailable': 503.
 */
export type FakeFailure = 'timeout-after-accepting' | 'rate-limit' | 'revoked' | 'server-error' | 'unavailable';
/** Which requests a failure applies to ('upload': a media upload step, for the fakes that take media). */
export type FakeRoute = 'publish' | 'refresh' | 'lookup' | 'upload' | 'any';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: string;
  /** The body's exact bytes (uploads are binary). */
  rawBytes: Buffer;
  body: unknown;
  /** When the request arrived (ms since the epoch): retry spacing is measured from these. */
  at: number;
}

export interface FakeReply {
  status: number;
  /** JSON, unless a string or a Buffer (sent as is). */
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A platform on 127.0.0.1:<random port>: plain node:http, configurable latency, queued failure
 * injection, and a record of what was posted so tests can count.
 */
export abstract class FakePlatform {
  url = '';
  /** Added before every answer (the benchmark uses 50 ms). */
  latencyMs = 0;
  /** Every request received, in order. */
  readonly requests: FakeRequest[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly failures: { route: FakeRoute; kind: FakeFailure; left: number }[] = [];

  constructor(opts: { latencyMs?: number } = {}) {
    this.latencyMs = opts.latencyMs ?? 0;
  }

  /** The next `times` requests of `route` fail with `kind`. */
  fail(kind: FakeFailure, opts: { route?: FakeRoute; times?: number } = {}): this {
    this.failures.push({ route: opts.route ?? 'publish', kind, left: opts.times ?? 1 });
    return this;
  }

  clearFailures(): void {
    this.failures.length = 0;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.dispatch(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server = null;
  }

  /** Which route a request is (publish, refresh, lookup), for failure injection. */
  protected abstract routeOf(req: FakeRequest): FakeRoute | null;
  /** The platform's answer. Recording of posts happens here. */
  protected abstract answer(req: FakeRequest): FakeReply | Promise<FakeReply>;
  /** The platform's own shape of an injected failure (error bodies, rate-limit headers). */
  protected abstract failureReply(kind: Exclude<FakeFailure, 'timeout-after-accepting'>, route: FakeRoute, req: FakeRequest): FakeReply;

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBytes = Buffer.concat(chunks);
    // The body as text is decoded when someone reads it: uploads are megabytes of binary, and
    // decoding them as UTF-8 on every request was most of a busy fake's CPU (bench:publish's media run).
    let text: string | undefined;
    const rawBody = () => (text ??= rawBytes.toString('utf8'));
    const u = new URL(req.url ?? '/', 'http://fake');
    let body: unknown;
    let parsed = false;
    const type = req.headers['content-type'] ?? '';
    try {
      if (type.includes('json')) [body, parsed] = [rawBody() ? JSON.parse(rawBody()) : null, true];
      else if (type.includes('x-www-form-urlencoded')) [body, parsed] = [Object.fromEntries(new URLSearchParams(rawBody())), true];
    } catch {
      parsed = false;
    }
    const fr: FakeRequest = {
      method: req.method ?? 'GET',
      path: u.pathname,
      query: u.searchParams,
      headers: req.headers,
      get rawBody() {
        return rawBody();
      },
      set rawBody(v: string) {
        text = v;
      },
      rawBytes,
      get body() {
        return parsed ? body : rawBody();
      },
      set body(v: unknown) {
        [body, parsed] = [v, true];
      },
      at: Date.now(),
    };
    this.requests.push(fr);
    // Whether it fails is settled on arrival, as it is recorded: a request that arrived during an
    // outage fails even when the outage is cleared while its latency runs.
    const route = this.routeOf(fr);
    const failure = route ? this.failures.find((f) => f.left > 0 && (f.route === route || f.route === 'any')) : undefined;
    if (failure) failure.left -= 1;
    // Unref'd: a test that stops the fake while a slow answer is pending must not leave its worker
    // waiting for the timer (Jest's "a worker process has failed to exit gracefully").
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs).unref());
    let reply: FakeReply;
    if (failure) {
      if (failure.kind === 'timeout-after-accepting') {
        await this.answer(fr);
        return; // accepted, never answered: the client times out
      }
      reply = this.failureReply(failure.kind, route as FakeRoute, fr);
    } else {
      try {
        reply = await this.answer(fr);
      } catch (err) {
        reply = { status: 500, body: { error: (err as Error).message } };
      }
    }
    const raw = typeof reply.body === 'string' || Buffer.isBuffer(reply.body);
    const payload = reply.body === undefined ? '' : raw ? (reply.body as string | Buffer) : JSON.stringify(reply.body);
    res.writeHead(reply.status, { ...(payload.length > 0 && !raw ? { 'content-type': 'application/json' } : {}), ...reply.headers });
    res.end(payload);
  }
}

/** Seconds since the epoch, `secs` from now. */
export const epochIn = (secs: number) => String(Math.floor(Date.now() / 1000) + secs);

/** A file's type from its first bytes, as a platform's media pipeline tells it (not from the name). */
export function sniffMime(b: Buffer): string | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (b.length >= 12 && b.subarray(4, 8).toString('latin1') === 'ftyp') {
    const brand = b.subarray(8, 12).toString('latin1');
    if (brand === 'avif') return 'image/avif';
    return brand === 'qt  ' ? 'video/quicktime' : 'video/mp4';
  }
  if (b.length >= 4 && b.readUInt32BE(0) === 0x1a45dfa3) return 'video/webm';
  return null;
}

/** A multipart/form-data body as the platform's framework reads it; null when it is not one. */
export async function formOf(req: FakeRequest): Promise<FormData | null> {
  try {
    return await new Response(new Uint8Array(req.rawBytes), { headers: { 'content-type': String(req.headers['content-type'] ?? '') } }).formData();
  } catch {
    return null;
  }
}
