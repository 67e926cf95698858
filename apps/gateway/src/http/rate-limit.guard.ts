import { createHash } from 'node:crypto';
import { type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { pathOf, type Request, type Response } from './fastify-request';
import { APP_CONFIG, KV_STORE, type KeyValueStore, type RuntimeConfig, AppLogger } from '@mt/runtime';
import { AI_ROUTE, IS_PUBLIC } from './current-user';
import { ProblemError } from './problem';

/** Fixed one-minute windows. */
export const RATE_WINDOW_MS = 60_000;
const WINDOW_MS = RATE_WINDOW_MS;

export interface Limit {
  /** auth (per IP), read / write (per user, by method), user (per user, an optional ceiling), ai (per user, AI routes). */
  name: 'auth' | 'user' | 'read' | 'write' | 'ai' | 'public' | 'refresh';
  subject: string;
  max: number;
}

export interface Count extends Limit {
  count: number;
  resetMs: number;
}

/** The store key of a limit's counter. */
export const rateCounterKey = (l: Limit): string => `rl:${l.name}:${l.subject}`;

/**
 * Rate limits, counted in the key-value store so they hold across gateway replicas: the auth
 * routes (register, login, refresh) per client IP, AI routes and every authenticated route per
 * user. Fixed one-minute windows; `RateLimit-*` headers on every limited route; 429
 * RATE_LIMITED with `Retry-After` once a window is spent.
 *
 * Run by ProtectionGuard (ADR 219), right after the access token has set `req.user`, from a hook
 * that runs before Nest's handler and its interceptors, so a limited request claims no
 * Idempotency-Key.
 */
@Injectable()
export class RateLimitGuard {
  private readonly logger = new AppLogger('RateLimit');

  constructor(
    @Inject(KV_STORE) private readonly kv: KeyValueStore,
    @Inject(APP_CONFIG) private readonly config: RuntimeConfig,
    private readonly reflector: Reflector,
  ) {}

  /**
   * Counts the request and sets its `RateLimit-*` headers; throws 429 RATE_LIMITED once a window is
   * spent. Synchronous when the access-token guard already counted it (every authenticated route).
   */
  limit(ctx: ExecutionContext, req: Request): void | Promise<void> {
    if (req.rateCounts) return this.answer(ctx, req.rateCounts);
    // No budget applies (probes, scrapes, the web app's files): nothing to count, no promise.
    const limits = rateLimitsFor(this.reflector, this.config, ctx, req, req.user);
    return limits.length === 0 ? undefined : this.count(ctx, limits);
  }

  private async count(ctx: ExecutionContext, limits: Limit[]): Promise<void> {
    let counts: Count[];
    {
      try {
        counts = await Promise.all(
          limits.map(async (l) => {
            const { count, ttlMs } = await this.kv.increment(rateCounterKey(l), WINDOW_MS);
            return { ...l, count, resetMs: ttlMs };
          }),
        );
      } catch (err) {
        // The store is down: serve rather than refuse everyone (readiness reports the store).
        this.logger.warn('rate limits not checked: the key-value store did not answer', { error: (err as Error).message });
        return;
      }
    }
    this.answer(ctx, counts);
  }

  private answer(ctx: ExecutionContext, counts: Count[]): void {
    if (counts.length === 0) return;

    // The binding limit: one that is spent, else the one with the fewest requests left.
    const spent = counts.filter((c) => c.count > c.max).sort((a, b) => b.resetMs - a.resetMs)[0];
    const binding = spent ?? [...counts].sort((a, b) => a.max - a.count - (b.max - b.count))[0];
    const resetSeconds = Math.max(1, Math.ceil(binding.resetMs / 1000));
    const headers = {
      'RateLimit-Limit': String(binding.max),
      'RateLimit-Remaining': String(Math.max(0, binding.max - binding.count)),
      'RateLimit-Reset': String(resetSeconds),
      // Every budget this request counts against (draft-ietf-httpapi-ratelimit-headers: quota;w=window).
      'RateLimit-Policy': counts.map((c) => `${c.max};w=${WINDOW_MS / 1000};comment="${c.name}"`).join(', '),
    };
    const res = ctx.switchToHttp().getResponse<Response>();
    // On the Node.js response: an event stream that takes the response over keeps them.
    for (const [k, v] of Object.entries(headers)) res.raw.setHeader(k, v);
    if (spent) {
      const what =
        spent.name === 'auth'
          ? 'sign-in requests from this address'
          : spent.name === 'refresh'
            ? 'refreshes of this session'
            : spent.name === 'ai'
              ? 'AI requests'
              : spent.name === 'read'
                ? 'reads'
                : spent.name === 'write'
                  ? 'changes'
                  : 'requests';
      throw new ProblemError('RATE_LIMITED', `Too many ${what}: at most ${spent.max} a minute. Try again in ${resetSeconds} s.`, {
        headers: { ...headers, 'Retry-After': String(resetSeconds) },
      });
    }
  }
}

/**
 * The limits a request counts against: per address on public API routes, per user (and per user
 * on AI routes) once `user` is known; none on probes and scrapes.
 */
export function rateLimitsFor(reflector: Reflector, config: RuntimeConfig, ctx: ExecutionContext, req: Request, user: Request['user']): Limit[] {
  const path = pathOf(req);
  if (path.startsWith('/health') || path === '/metrics') return [];
  const isPublic = routeFlag(reflector, IS_PUBLIC, ctx);
  const rl = config.rateLimits;
  if (isPublic) {
    if (path === '/api/v1/auth/refresh') {
      // Refresh has its own budget per session family (ADR 104), not the sign-in one per address:
      // an office behind one address, or a user who reloads often, must not lock each other out.
      // The address still gets the public budget, so made-up families buy nothing.
      return [
        { name: 'refresh', subject: refreshFamily((req.body as { refreshToken?: unknown } | undefined)?.refreshToken), max: rl.refreshPerMin },
        { name: 'public', subject: clientIp(req), max: rl.publicPerMin },
      ];
    }
    if (/^\/api\/v1\/auth\//.test(path)) return [{ name: 'auth', subject: clientIp(req), max: rl.authPerMin }];
    // Other public routes (OAuth callbacks, inbound webhooks) authenticate by signature or state:
    // limited per client address so nobody can make us verify signatures without end.
    return path.startsWith('/api/') ? [{ name: 'public', subject: clientIp(req), max: rl.publicPerMin }] : [];
  }
  if (!user) return [];
  // Reads and writes have their own budgets: a page of the app makes several reads at once and
  // must never use up the budget of the change its user is about to make (ADR 130).
  const read = req.method === 'GET' || req.method === 'HEAD';
  const limits: Limit[] = [read ? { name: 'read', subject: user.id, max: rl.readPerMin } : { name: 'write', subject: user.id, max: rl.writePerMin }];
  if (rl.userPerMin !== null) limits.push({ name: 'user', subject: user.id, max: rl.userPerMin });
  const ai = routeFlag(reflector, AI_ROUTE, ctx);
  if (ai) limits.push({ name: 'ai', subject: user.id, max: rl.aiPerMin });
  // A personal access token also has budgets of its own (ADR 117): one runaway script cannot
  // spend its user's whole budget, and the user's budget still bounds all their tokens together.
  const token = user.token;
  if (token) {
    limits.push({ name: 'user', subject: `pat:${token.id}`, max: rl.tokenPerMin });
    if (ai) limits.push({ name: 'ai', subject: `pat:${token.id}`, max: rl.aiPerMin });
  }
  return limits;
}

const flags = new WeakMap<object, Map<string, boolean>>();

/**
 * A route's mark (@Public, AI, publish) on its method or controller, read once per method: the
 * metadata does not change after start-up, and reading it (reflect-metadata walks the prototype
 * chain of both targets) was a measurable part of every request (ADR 219). Kept by method: a
 * method answers one controller's routes (tagRouteTargets refuses one shared by two).
 */
export function routeFlag(reflector: Reflector, key: string, ctx: ExecutionContext): boolean {
  const handler = ctx.getHandler();
  let known = flags.get(handler);
  if (!known) flags.set(handler, (known = new Map()));
  let value = known.get(key);
  if (value === undefined) {
    value = reflector.getAllAndOverride<boolean>(key, [handler, ctx.getClass()]) === true;
    known.set(key, value);
  }
  return value;
}

/** The session family a refresh token names (`<family>.<secret>`), or a hash of a token of another shape. */
export function refreshFamily(token: unknown): string {
  if (typeof token !== 'string') return 'none';
  const family = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\./.exec(token)?.[1];
  return family ?? `h:${createHash('sha256').update(token).digest('base64url').slice(0, 22)}`;
}

/** The client's address as Fastify sees it (honours `trustProxy` when the app sets it). */
export function clientIp(req: Pick<Request, 'ip' | 'socket'>): string {
  return req.ip ?? req.socket?.remoteAddress ?? 'unknown';
}
