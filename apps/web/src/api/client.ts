import { ApiError, networkError, problemOf } from './problem';
import type { TokenPair } from './types';

export const API_BASE = '/api/v1';
export const REFRESH_TOKEN_KEY = 'mt.refreshToken';
/** The short-lived access token, beside the refresh token, so a reload needs no refresh (ADR 145). */
export const ACCESS_TOKEN_KEY = 'mt.accessToken';

export type SessionEndReason = 'expired' | 'signed-out';

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  idempotencyKey?: string;
  /** false for sign-in, sign-up and refresh: no token sent, no refresh tried. */
  auth?: boolean;
  headers?: Record<string, string>;
}

interface ClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Where the refresh token lives: sessionStorage in the browser (ADR 041). */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
}

/**
 * The one way the UI talks to the gateway. Both tokens live in sessionStorage (ADR 041, ADR 145:
 * the access token too, so a reload does not refresh). A 401 TOKEN_EXPIRED — or a missing access token
 * while a refresh token exists, as after a reload — triggers one refresh shared by every request
 * waiting on it (single flight: the API spends a refresh token once and revokes the whole session
 * if it is presented twice), then the request is sent again once.
 */
export class ApiClient {
  private accessToken: string | null = null;
  private refreshing: Promise<boolean> | null = null;
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly storage: ClientOptions['storage'];
  private sessionListeners = new Set<(reason: SessionEndReason) => void>();

  constructor(opts: ClientOptions = {}) {
    this.baseUrl = opts.baseUrl ?? API_BASE;
    this.fetchFn = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.storage = opts.storage === undefined ? safeSessionStorage() : opts.storage;
    // A reload keeps using the access token it had (ADR 145): it is refreshed only once it has
    // expired (401 TOKEN_EXPIRED), so reloading never spends the refresh budget.
    this.accessToken = this.storage?.getItem(ACCESS_TOKEN_KEY) ?? null;
  }

  get hasSession(): boolean {
    return !!this.accessToken || !!this.refreshToken;
  }

  private get refreshToken(): string | null {
    return this.storage?.getItem(REFRESH_TOKEN_KEY) ?? null;
  }

  setSession(pair: TokenPair): void {
    this.accessToken = pair.accessToken;
    this.storage?.setItem(ACCESS_TOKEN_KEY, pair.accessToken);
    this.storage?.setItem(REFRESH_TOKEN_KEY, pair.refreshToken);
  }

  /** Forgets both tokens; listeners (the auth provider) send the user to sign-in when `reason` is 'expired'. */
  endSession(reason: SessionEndReason): void {
    const had = this.hasSession;
    this.accessToken = null;
    this.storage?.removeItem(ACCESS_TOKEN_KEY);
    this.storage?.removeItem(REFRESH_TOKEN_KEY);
    if (had || reason === 'expired') for (const l of this.sessionListeners) l(reason);
  }

  onSessionEnd(listener: (reason: SessionEndReason) => void): () => void {
    this.sessionListeners.add(listener);
    return () => this.sessionListeners.delete(listener);
  }

  /** The refresh token travels in the logout body so its session ends server-side too. */
  get refreshTokenForLogout(): string | null {
    return this.refreshToken;
  }

  get<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, opts);
  }
  post<T>(path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, { ...opts, body });
  }
  patch<T>(path: string, body: unknown, opts: RequestOptions = {}): Promise<T> {
    return this.request<T>('PATCH', path, { ...opts, body });
  }
  delete<T = void>(path: string, opts: RequestOptions = {}): Promise<T> {
    return this.request<T>('DELETE', path, opts);
  }
  /** A multipart/form-data POST (a file upload): the browser writes the boundary, so no content type is set here. */
  upload<T>(path: string, form: FormData, opts: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, { ...opts, body: form });
  }

  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, path, opts);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A raw authorised response (for streams such as GET /jobs/{id}/events). Throws ApiError when not 2xx. */
  async send(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const auth = opts.auth !== false;
    if (auth && !this.accessToken && this.refreshToken) await this.refresh();
    let res = await this.once(method, path, opts, auth);
    if (res.status === 401 && auth) {
      const err = await problemOf(res);
      if (err.code === 'TOKEN_EXPIRED' && (await this.refresh())) {
        res = await this.once(method, path, opts, auth);
        if (res.ok) return res;
        if (res.status === 401) this.endSession('expired');
        throw await problemOf(res);
      }
      this.endSession('expired');
      throw err;
    }
    if (!res.ok) throw await problemOf(res);
    return res;
  }

  /**
   * Exchanges the refresh token for a new pair; concurrent callers share one call. Resolves false
   * (and ends the session) when the server refuses, so callers fall through to sign-in.
   */
  refresh(): Promise<boolean> {
    if (this.refreshing) return this.refreshing;
    const token = this.refreshToken;
    if (!token) return Promise.resolve(false);
    this.refreshing = (async () => {
      try {
        const res = await this.once('POST', '/auth/refresh', { body: { refreshToken: token } }, false);
        if (!res.ok) {
          const err = await problemOf(res);
          // Only a refusal ends the session; a network failure or a 5xx leaves it for the next try.
          if (err.status === 400 || err.status === 401) {
            this.endSession('expired');
            return false;
          }
          throw err;
        }
        this.setSession((await res.json()) as TokenPair);
        return true;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private async once(method: string, path: string, opts: RequestOptions, auth: boolean): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...opts.headers };
    const form = typeof FormData !== 'undefined' && opts.body instanceof FormData ? opts.body : null;
    if (opts.body !== undefined && !form) headers['content-type'] = 'application/json';
    if (auth && this.accessToken) headers.authorization = `Bearer ${this.accessToken}`;
    if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
    try {
      return await this.fetchFn(this.baseUrl + path, {
        method,
        headers,
        body: form ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
        signal: opts.signal,
      });
    } catch (e) {
      if (e instanceof Error && e.name === 'AbortError') throw e;
      throw networkError(e);
    }
  }
}

function safeSessionStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage;
  } catch {
    return null;
  }
}

export { ApiError };
