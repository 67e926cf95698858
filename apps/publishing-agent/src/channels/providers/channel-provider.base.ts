import { type Dispatcher, request } from 'undici';
import { PLATFORMS, type PlatformId, type PlatformRules, renderPost } from '@mt/ai';
import type { PlatformAuthKind } from '@mt/messages';
import type { PublishingConfig } from '../../config/publishing.config';
import { agentFor, isPrivateAddressRefusal, outboundUrlProblem, statusSummary } from '../../net/outbound-guard';
import type { OutboundPost, PostMetricsReading, PublishOutcome, ReconcileOutcome } from '../channel-gateway.port';
import {
  type ChannelContext,
  type ChannelProvider,
  type ConnectedAccount,
  type ConnectInput,
  type PostStatus,
  ProviderError,
  type RefreshedCredentials,
} from './channel-provider';
import { encodeMultipart, type MultipartPart } from './multipart';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  /** A raw body, sent as is (the webhook channel signs exact bytes; Bluesky uploads image blobs). */
  body?: string | Uint8Array;
  /** multipart/form-data (Mastodon's media upload), sent with its boundary. */
  multipart?: readonly MultipartPart[];
  /** Overrides CHANNEL_TIMEOUT_MS for this call. */
  timeoutMs?: number;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or null when it is not JSON. */
  json: unknown;
}

/** The request got no answer: a timeout, or the connection failed. `sent` is false only when it surely never left. */
export class TransportFailure extends Error {
  constructor(
    readonly phase: 'timeout' | 'network',
    readonly sent: boolean,
    message: string,
  ) {
    super(message);
    this.name = 'TransportFailure';
  }
}

/** The longest a Retry-After is waited out inside one call; a longer one is handed back to the caller. */
const MAX_INLINE_WAIT_MS = 5_000;

/**
 * What every provider shares: HTTP with a deadline, the classification of a platform's answer
 * (published / unknown / retryable / permanent for a publish; revoked / transient / permanent for
 * anything else), rate-limit headers, bounded retries with backoff, URL checks. A provider adds
 * only its platform's request and response shapes.
 */
export abstract class ChannelProviderBase implements ChannelProvider {
  abstract readonly platform: PlatformId;
  abstract readonly authKind: PlatformAuthKind;
  abstract readonly credentialFields: readonly string[];
  abstract readonly configFields: readonly string[];

  constructor(protected readonly settings: PublishingConfig) {}

  limits(): PlatformRules {
    return PLATFORMS[this.platform];
  }

  configured(): boolean {
    return true;
  }

  abstract connect(input: ConnectInput): Promise<ConnectedAccount>;
  abstract publish(ctx: ChannelContext, post: OutboundPost): Promise<PublishOutcome>;
  abstract reconcile(ctx: ChannelContext, post: OutboundPost): Promise<ReconcileOutcome>;
  abstract fetchStatus(ctx: ChannelContext, externalId: string): Promise<PostStatus>;
  abstract metrics(ctx: ChannelContext, externalId: string): Promise<PostMetricsReading>;

  /** Static credentials need no refresh; providers with expiring tokens override this. */
  async refresh(ctx: ChannelContext): Promise<RefreshedCredentials> {
    return { credentials: ctx.credentials, expiresAt: null };
  }

  // ---- HTTP ----

  /** One HTTP exchange with the platform. Throws TransportFailure when there is no answer. */
  protected async send(req: HttpRequest): Promise<HttpAnswer> {
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    let body: string | Uint8Array | undefined = req.body;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] ??= 'application/json';
    } else if (req.form) {
      body = new URLSearchParams(req.form).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    } else if (req.multipart) {
      const encoded = encodeMultipart(req.multipart);
      body = encoded.body;
      headers['content-type'] = encoded.contentType;
    }
    let res: Dispatcher.ResponseData;
    try {
      res = await request(req.url, {
        method: req.method,
        headers,
        body,
        // One pool for every platform call (undici's request API costs about a quarter of fetch's
        // CPU per call, docs/benchmarks.md), whose connections go to public addresses only (ADR 100).
        dispatcher: agentFor({ allowPrivate: this.settings.allowPrivateUrls, resolve: this.settings.resolve }),
        signal: AbortSignal.timeout(req.timeoutMs ?? this.settings.requestTimeoutMs),
      });
    } catch (err) {
      if (isPrivateAddressRefusal(err))
        throw new ProviderError('permanent', 'PRIVATE_ADDRESS', `${this.label()} is on a private network address; outbound calls go to public addresses only`);
      throw transportFailure(err);
    }
    let text: string;
    try {
      text = await res.body.text();
    } catch (err) {
      // The platform answered a status, then the body stalled: the request was received.
      throw transportFailure(err, true);
    }
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.statusCode, headers: toHeaders(res.headers), text, json };
  }

  /** Sends, and turns a failure into a ProviderError (for everything but publish). */
  protected async request(req: HttpRequest): Promise<HttpAnswer> {
    let answer: HttpAnswer;
    try {
      answer = await this.send(req);
    } catch (err) {
      if (err instanceof TransportFailure)
        throw new ProviderError('transient', err.phase === 'timeout' ? 'PLATFORM_TIMEOUT' : 'PLATFORM_UNREACHABLE', err.message);
      throw err;
    }
    if (answer.status >= 200 && answer.status < 300) return answer;
    throw this.errorOf(answer);
  }

  /** `request` with bounded retries of transient failures (backoff, honouring the platform's rate-limit headers). */
  protected async requestWithRetry(req: HttpRequest): Promise<HttpAnswer> {
    return this.withRetry(() => this.request(req));
  }

  /** One call while a user waits (connect, OAuth): a single attempt within CHANNEL_CONNECT_TIMEOUT_MS. */
  protected verify(req: HttpRequest): Promise<HttpAnswer> {
    return this.request({ ...req, timeoutMs: this.settings.connectTimeoutMs });
  }

  protected async withRetry<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (!(err instanceof ProviderError) || err.kind !== 'transient' || attempt >= this.settings.retries) throw err;
        const backoff = this.settings.retryBaseMs * 2 ** attempt * (0.75 + Math.random() * 0.5);
        const wait = Math.max(backoff, err.extra.retryAfterMs ?? 0);
        if (wait > MAX_INLINE_WAIT_MS) throw err;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  /** A non-2xx answer to anything but a publish, classified. Token endpoints override for OAuth's error codes. */
  protected errorOf(a: HttpAnswer): ProviderError {
    const message = `${this.label()} answered ${a.status}: ${this.platformMessage(a)}`;
    if (a.status === 429) return new ProviderError('transient', 'RATE_LIMITED', message, { status: a.status, retryAfterMs: this.retryAfterMs(a.headers) });
    if (a.status >= 500 || a.status === 408)
      return new ProviderError('transient', 'PLATFORM_UNAVAILABLE', message, { status: a.status, retryAfterMs: this.retryAfterMs(a.headers) });
    if (a.status === 401) return new ProviderError('revoked', 'AUTH_REVOKED', message, { status: a.status });
    return new ProviderError('permanent', `PLATFORM_${a.status}`, message, { status: a.status });
  }

  /**
   * A publish attempt's answer, classified. No answer, or a 500/502/504, means the platform may
   * have made the post: `unknown`, reconciled before any retry. 429 and 503 say the request was
   * not processed: `retryable`. 401 means the grant is gone; other 4xx are the platform refusing
   * this post: `permanent`, with its message.
   */
  protected async publishWith(req: HttpRequest, onSuccess: (a: HttpAnswer) => PublishOutcome): Promise<PublishOutcome> {
    let a: HttpAnswer;
    try {
      a = await this.send(req);
    } catch (err) {
      if (err instanceof ProviderError && err.kind === 'permanent') return { kind: 'permanent', code: err.code, message: err.message };
      if (!(err instanceof TransportFailure)) throw err;
      if (!err.sent) return { kind: 'retryable', code: 'PLATFORM_UNREACHABLE', message: err.message };
      return { kind: 'unknown', reason: err.message };
    }
    if (a.status >= 200 && a.status < 300) {
      try {
        return onSuccess(a);
      } catch (err) {
        return { kind: 'unknown', reason: `${this.label()} accepted the post but its answer was unreadable: ${(err as Error).message}` };
      }
    }
    return this.publishFailure(a);
  }

  /**
   * A media upload that failed before the post was made: nothing is on the platform yet, so a
   * transient failure is `retryable` (never `unknown`), and a refusal is `permanent` with the
   * platform's words (an unsupported or too large file).
   */
  protected uploadFailure(err: unknown, what: string): PublishOutcome {
    if (!(err instanceof ProviderError)) throw err;
    if (err.kind === 'transient') return { kind: 'retryable', code: err.code, message: `${what}: ${err.message}`, retryAfterMs: err.extra.retryAfterMs };
    if (err.kind === 'revoked') return { kind: 'permanent', code: 'AUTH_REVOKED', message: `${what}: ${err.message}` };
    return { kind: 'permanent', code: 'MEDIA_REJECTED', message: `${what}: ${err.message}` };
  }

  protected publishFailure(a: HttpAnswer): PublishOutcome {
    const message = `${this.label()} answered ${a.status}: ${this.platformMessage(a)}`;
    if (a.status === 429) return { kind: 'retryable', code: 'RATE_LIMITED', message, retryAfterMs: this.retryAfterMs(a.headers) };
    if (a.status === 503 || a.status === 408) return { kind: 'retryable', code: 'PLATFORM_UNAVAILABLE', message, retryAfterMs: this.retryAfterMs(a.headers) };
    if (a.status >= 500) return { kind: 'unknown', reason: message };
    if (a.status === 401) return { kind: 'permanent', code: 'AUTH_REVOKED', message };
    if (a.status === 403) return { kind: 'permanent', code: 'FORBIDDEN', message };
    return { kind: 'permanent', code: 'REJECTED', message };
  }

  /**
   * What an error answer says, for the connection's or post's error: the status's fixed reason,
   * never the body (a receiver's body is not ours to show, ADR 100). Providers of platforms with a
   * documented error shape override this to name the platform's error code and message.
   */
  protected platformMessage(a: HttpAnswer): string {
    return statusSummary(a.status).replace(/^\d+ /, '');
  }

  /**
   * How long the platform asks us to wait: Retry-After (seconds or an HTTP date), X's
   * x-rate-limit-reset and Mastodon's X-RateLimit-Reset (epoch seconds or an ISO time), the IETF
   * RateLimit-Reset (seconds from now, or epoch seconds as Bluesky sends it).
   */
  protected retryAfterMs(h: Headers, now = Date.now()): number | undefined {
    const retryAfter = h.get('retry-after');
    if (retryAfter) {
      const secs = Number(retryAfter);
      if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
      const at = Date.parse(retryAfter);
      if (!Number.isNaN(at)) return Math.max(0, at - now);
    }
    for (const name of ['x-rate-limit-reset', 'x-ratelimit-reset', 'ratelimit-reset']) {
      const v = h.get(name);
      if (!v) continue;
      const n = Number(v);
      if (Number.isFinite(n)) return Math.max(0, n > 1e9 ? n * 1000 - now : n * 1000);
      const at = Date.parse(v);
      if (!Number.isNaN(at)) return Math.max(0, at - now);
    }
    return undefined;
  }

  // ---- helpers ----

  protected label(): string {
    return PLATFORMS[this.platform].label;
  }

  /** The post's text as the platform shows it: body, then hashtags. */
  protected text(post: OutboundPost): string {
    return renderPost(post.body, post.hashtags);
  }

  /** A title for long-form platforms: the given one, else the body's first line, shortened. */
  protected title(post: OutboundPost): string {
    const first = (post.title ?? post.body.split('\n').find((l) => l.trim()) ?? 'Untitled').trim();
    return first.length > 100 ? `${first.slice(0, 97)}...` : first;
  }

  protected field(from: Record<string, string>, name: string, where: 'credentials' | 'config'): string {
    const v = from[name];
    if (typeof v !== 'string' || !v.trim()) throw new ProviderError('invalid', 'VALIDATION_FAILED', `${where}.${name} is required for ${this.label()}`);
    return v.trim();
  }

  /** A user-given URL (webhook, instance, site): http(s), and not on a private network unless allowed. */
  protected async checkUrl(raw: string, name: string): Promise<string> {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new ProviderError('invalid', 'VALIDATION_FAILED', `config.${name} must be an http(s) URL`);
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new ProviderError('invalid', 'VALIDATION_FAILED', `config.${name} must be an http(s) URL`);
    if (u.username || u.password) throw new ProviderError('invalid', 'VALIDATION_FAILED', `config.${name} must not carry credentials`);
    const problem = await outboundUrlProblem(raw, `config.${name}`, { allowPrivate: this.settings.allowPrivateUrls, resolve: this.settings.resolve });
    if (problem) throw new ProviderError('invalid', 'VALIDATION_FAILED', problem);
    return u.toString().replace(/\/+$/, '');
  }
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const h = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) h.append(name, v);
  }
  return h;
}

const TIMEOUT_CODES = new Set(['UND_ERR_ABORTED', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function transportFailure(err: unknown, answered = false): TransportFailure {
  const e = err as { name?: string; message?: string; code?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || TIMEOUT_CODES.has(e?.code ?? '')) {
    return new TransportFailure('timeout', true, 'the platform did not answer in time');
  }
  const code = e?.code ?? e?.cause?.code;
  // Refused or unresolvable: the request never left, so nothing can have been posted.
  const neverSent = !answered && (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN');
  return new TransportFailure('network', !neverSent, `the connection to the platform failed (${code ?? e?.message ?? 'network error'})`);
}
