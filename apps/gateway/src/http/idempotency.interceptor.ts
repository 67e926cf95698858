import { createHash } from 'node:crypto';
import { type CallHandler, type ContextType, type ExecutionContext, type INestApplication, Inject, Injectable, RequestMethod } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import type { FastifyInstance } from 'fastify';
import type { Request, Response } from './fastify-request';
import { catchError, concatMap, from, type Observable, of, throwError } from 'rxjs';
import { KV_STORE, type KeyValueStore, type SelectiveInterceptor, AppLogger } from '@mt/runtime';
import { withJobRequestKey } from '../services/job-request-key';
import { controllerRoutes } from './controller-routes';
import { ProblemFilter } from './problem.filter';
import { PROBLEM_CONTENT_TYPE, ProblemError } from './problem';
import { clientIp } from './rate-limit.guard';

/** A request with an Idempotency-Key: the key its RPCs carry to the agents (see `callerOf`). */
export type IdempotentRequest = Request & { meshIdempotencyKey?: string };

/** How long a first answer is kept for replay. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * How long a claim of a request still running holds. Long enough for any request (RPC times out
 * in seconds); short enough that a crashed gateway's claims do not block a key for a day.
 */
export const IDEMPOTENCY_PENDING_TTL_MS = 5 * 60 * 1000;

const KEY = /^[\x21-\x7e]{1,255}$/;
/** Headers of a first answer that a replay repeats (the status, the body and these). */
const KEPT_HEADERS = ['location', 'content-location'];

type Stored =
  | { state: 'pending'; fingerprint: string }
  | { state: 'done'; fingerprint: string; status: number; body: unknown; headers: Record<string, string>; problem: boolean }
  /** The answer carried a secret or a token: only that it happened is kept (ADR 101). */
  | { state: 'secret'; fingerprint: string; status: number };

/**
 * Field names whose string values are secrets or tokens: signing secrets, access and refresh
 * tokens, passwords. An answer holding one anywhere is not kept.
 */
const SECRET_FIELD = /(secret|token|password|jwt)$/i;

/** Whether an answer body holds a secret or a token at any depth. */
export function carriesSecret(value: unknown, depth = 0): boolean {
  if (!value || typeof value !== 'object' || depth > 8) return false;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string' && v && SECRET_FIELD.test(k)) return true;
    if (typeof v === 'object' && carriesSecret(v, depth + 1)) return true;
  }
  return false;
}

/**
 * `Idempotency-Key` on POST (ADR 030): the same key and the same request replay the first answer
 * and do the work once; the same key with another request answers 422 IDEMPOTENCY_KEY_REUSED;
 * while the first is still running, 409 IDEMPOTENCY_KEY_IN_FLIGHT. Keys are scoped per user (per
 * client IP on public routes) and kept 24 h in the key-value store, so every gateway replica sees
 * them. A 5xx answer is not kept: the client may try again with the same key. An answer that
 * carries a secret or a token (a webhook's signing secret, an inbound secret, /auth's tokens) is
 * never stored: a replay of it answers 409 IDEMPOTENT_SECRET_NOT_REPLAYED (ADR 101).
 */
@Injectable()
export class IdempotencyInterceptor implements SelectiveInterceptor {
  private readonly logger = new AppLogger('Idempotency');
  private readonly problems = new ProblemFilter();

  constructor(@Inject(KV_STORE) private readonly kv: KeyValueStore) {}

  /** It acts on a POST that carries an Idempotency-Key, and on nothing else: the rest skip the chain (ADR 219). */
  appliesTo(args: unknown[], type: ContextType | undefined): boolean {
    return type === 'http' && keyedPost(args[0] as Request);
  }

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const given = req.headers['idempotency-key'];
    if (req.method !== 'POST' || given === undefined) return next.handle();
    const key = Array.isArray(given) ? given[0] : given;
    if (!KEY.test(key)) {
      const message = 'must be 1 to 255 visible ASCII characters';
      throw new ProblemError('VALIDATION_FAILED', `Idempotency-Key: ${message}`, { errors: [{ field: 'Idempotency-Key', message }] });
    }

    const scope = req.user ? `u:${req.user.id}` : `ip:${clientIp(req)}`;
    const storeKey = `idem:${scope}:${sha256(key)}`;
    const fingerprint = sha256(`${req.method}\n${req.originalUrl}\n${scope}\n${canonicalJson(req.body)}`);

    const ttlMs = IDEMPOTENCY_TTL_MS;
    const claimed = await this.claim(storeKey, fingerprint).catch((err: unknown) => {
      if (err instanceof ProblemError) throw err;
      // The store does not answer: a keyed POST fails closed (ADR 161) — refused with nothing
      // done, so the client's retry with the same key cannot do the work a second time.
      this.logger.warn('Idempotency-Key not claimed: the key-value store did not answer', { error: (err as Error).message });
      throw new ProblemError('AGENT_UNAVAILABLE', 'Requests with an Idempotency-Key cannot be checked just now; send it again with the same key.', {
        headers: { 'Retry-After': '1' },
      });
    });
    if (claimed !== true) return this.answerExisting(claimed, fingerprint, res);
    // A 5xx is not kept, so the client sends the request again with its key; when the first one's
    // work was committed after all (an RPC that timed out, ADR 150), the agent's inbox recognises
    // the second by this key and answers what the first did instead of doing it twice.
    (req as IdempotentRequest).meshIdempotencyKey = `http:${sha256(`${storeKey}\n${fingerprint}`)}`;

    // A job the handler starts records the key, which outlives a loss of the store (ADR 168).
    return withJobRequestKey({ scope, keyHash: sha256(key), fingerprint }, () => next.handle()).pipe(
      concatMap((body) => from(this.keep(storeKey, fingerprint, res.statusCode, body, res, ttlMs)).pipe(concatMap(() => of(body)))),
      catchError((err: unknown) => from(this.keepError(storeKey, fingerprint, err, req, ttlMs)).pipe(concatMap(() => throwError(() => err)))),
    );
  }

  /** true when this request owns the key; otherwise what the store holds for it. */
  private async claim(storeKey: string, fingerprint: string): Promise<true | Stored> {
    const pending: Stored = { state: 'pending', fingerprint };
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await this.kv.set(storeKey, JSON.stringify(pending), IDEMPOTENCY_PENDING_TTL_MS, true)) return true;
      const raw = await this.kv.get(storeKey);
      if (raw) return JSON.parse(raw) as Stored;
      // It expired between the two calls: claim again.
    }
    throw new ProblemError('IDEMPOTENCY_KEY_IN_FLIGHT', 'A request with this Idempotency-Key is still in progress', { headers: { 'Retry-After': '1' } });
  }

  private answerExisting(stored: Stored, fingerprint: string, res: Response): Observable<unknown> {
    if (stored.fingerprint !== fingerprint) {
      throw new ProblemError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request; use a new key for a new request');
    }
    if (stored.state === 'pending') {
      throw new ProblemError('IDEMPOTENCY_KEY_IN_FLIGHT', 'A request with this Idempotency-Key is still in progress; retry when it has finished', {
        headers: { 'Retry-After': '1' },
      });
    }
    if (stored.state === 'secret') {
      throw new ProblemError(
        'IDEMPOTENT_SECRET_NOT_REPLAYED',
        `The first answer to this request (${stored.status}) carried a secret or a token, which is shown once and never kept; the work was done once. Send a new request (a new key) to get a new one.`,
      );
    }
    res.code(stored.status);
    for (const [k, v] of Object.entries(stored.headers)) res.header(k, v);
    res.header('Idempotent-Replayed', 'true');
    if (stored.problem) res.type(PROBLEM_CONTENT_TYPE);
    return of(stored.body ?? undefined);
  }

  private async keep(storeKey: string, fingerprint: string, status: number, body: unknown, res: Response, ttlMs: number): Promise<void> {
    if (carriesSecret(body)) {
      await this.save(storeKey, { state: 'secret', fingerprint, status }, ttlMs);
      return;
    }
    const headers: Record<string, string> = {};
    for (const h of KEPT_HEADERS) {
      const v = res.getHeader(h);
      if (v !== undefined) headers[h] = String(v);
    }
    await this.save(storeKey, { state: 'done', fingerprint, status, body: body ?? null, headers, problem: false }, ttlMs);
  }

  private async keepError(storeKey: string, fingerprint: string, err: unknown, req: Request, ttlMs: number): Promise<void> {
    const { problem, headers } = this.problems.toProblem(err, req);
    if (problem.status >= 500) {
      await this.kv.delete(storeKey).catch(() => undefined);
      return;
    }
    await this.save(storeKey, { state: 'done', fingerprint, status: problem.status, body: problem, headers, problem: true }, ttlMs);
  }

  private async save(storeKey: string, value: Stored, ttlMs: number): Promise<void> {
    try {
      await this.kv.set(storeKey, JSON.stringify(value), ttlMs);
    } catch (err) {
      // The work is done; losing the record only costs the replay. The pending claim expires by itself.
      this.logger.warn('could not keep an idempotent answer', { error: (err as Error).message });
    }
  }
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('base64url');
}

/** JSON with object keys sorted at every depth, so `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v as object)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

/** Each app's IdempotencyInterceptor, by the Fastify instance that serves its routes. */
const byServer = new WeakMap<object, IdempotencyInterceptor>();

/**
 * What the POST routes carry: the IdempotencyInterceptor of the app the request came to. Route
 * metadata lives on the controllers' prototypes, which every app built from them in one process
 * shares (the test suites start several); an app's own instance there would serve the others.
 */
const idempotencyOfTheApp: SelectiveInterceptor = {
  appliesTo: (args, type) => type === 'http' && keyedPost(args[0] as Request),
  intercept(ctx, next) {
    const own = byServer.get(ctx.switchToHttp().getRequest<Request>().server);
    if (!own) throw new Error('attachIdempotency() was not called for this app');
    return own.intercept(ctx, next);
  },
};

function keyedPost(req: Request): boolean {
  return req.method === 'POST' && req.headers['idempotency-key'] !== undefined;
}

/**
 * Puts idempotency on every POST route, first among the route's own interceptors (so it still
 * runs before a route's upload parsing, as when it was the one global interceptor), and on no
 * other route (ADR 219). As a global interceptor it made Nest build a ReplaySubject and wait on
 * the handler's result for every request, on routes where it can never act: a GET, a PUT, a
 * DELETE. Call before the routes are registered (before `init`).
 */
export function attachIdempotency(app: INestApplication, server: FastifyInstance): void {
  byServer.set(server, app.get(IdempotencyInterceptor));
  for (const { handler, method } of controllerRoutes(app)) {
    if (method !== RequestMethod.POST) continue;
    const own = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? []) as unknown[];
    if (!own.includes(idempotencyOfTheApp)) Reflect.defineMetadata(INTERCEPTORS_METADATA, [idempotencyOfTheApp, ...own], handler);
  }
}
