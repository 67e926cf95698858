/**
 * The HTTP API as the MCP tools see it (ADR 138): every tool call is one or more ordinary API
 * requests made with the caller's own Authorization header, so the gateway checks them exactly as
 * it checks any client's — tenant, role, scope, rate limits, idempotency. The gateway's /mcp and
 * the CLI's stdio server both use this client; only the base URL differs.
 */

/** An RFC 9457 problem the API answered, kept with its stable code. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly problem: Record<string, unknown>,
    /** Retry-After of a 429 or 503, in seconds. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'ApiProblem';
  }
}

export interface ApiClientOptions {
  /** e.g. http://127.0.0.1:3000 (no trailing /api/v1). */
  baseUrl: string;
  /** The caller's `Bearer …` header, forwarded unchanged. */
  authorization: string;
  /** Extra headers on every request (traceparent, a client name). */
  headers?: Record<string, string>;
}

export interface JobView {
  id: string;
  kind: string;
  /** The brand the job works for (null for work outside any brand). */
  brandId?: string | null;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: { done: number; total: number };
  result?: unknown;
  error?: { code?: string; detail?: string } | null;
  createdAt: string;
  updatedAt: string;
}

export const FINAL_STATUSES: readonly JobView['status'][] = ['succeeded', 'failed', 'cancelled'];

type Query = Record<string, string | number | undefined | null>;

export class ApiClient {
  constructor(private readonly opts: ApiClientOptions) {}

  get baseUrl(): string {
    return this.opts.baseUrl;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  post<T>(path: string, body?: unknown, idempotencyKey?: string): Promise<T> {
    return this.request<T>('POST', path, { body, idempotencyKey });
  }

  async request<T>(method: string, path: string, opts: { query?: Query; body?: unknown; idempotencyKey?: string } = {}): Promise<T> {
    const res = await fetch(this.url(path, opts.query), {
      method,
      headers: {
        accept: 'application/json',
        authorization: this.opts.authorization,
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : {}),
        ...this.opts.headers,
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!res.ok) throw toProblem(res.status, parsed, res.headers.get('retry-after'));
    return parsed as T;
  }

  /**
   * Follows a job through GET /jobs/{id}/events (one request, however long the job runs, so a
   * long plan does not spend the caller's read budget) and answers its final state.
   */
  async followJob(jobId: string, onProgress: (job: JobView) => void, signal?: AbortSignal): Promise<JobView> {
    const res = await fetch(this.url(`/jobs/${encodeURIComponent(jobId)}/events`), {
      headers: { accept: 'text/event-stream', authorization: this.opts.authorization, ...this.opts.headers },
      signal,
    });
    if (!res.ok || !res.body) {
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON
      }
      throw toProblem(res.status, parsed);
    }
    const decoder = new TextDecoder();
    let buffer = '';
    let last: JobView | undefined;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trimStart())
          .join('\n');
        if (!data) continue;
        last = JSON.parse(data) as JobView;
        onProgress(last);
        if (FINAL_STATUSES.includes(last.status)) return last;
      }
    }
    // The stream ended without a final state (a restart): read the job once.
    return last && FINAL_STATUSES.includes(last.status) ? last : this.get<JobView>(`/jobs/${encodeURIComponent(jobId)}`);
  }

  private url(path: string, query?: Query): string {
    const u = new URL(`${this.opts.baseUrl.replace(/\/$/, '')}/api/v1${path}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, String(v));
    return u.toString();
  }
}

function toProblem(status: number, body: unknown, retryAfter: string | null = null): ApiProblem {
  const p = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const code = typeof p.code === 'string' ? p.code : status === 404 ? 'NOT_FOUND' : 'INTERNAL';
  const detail = typeof p.detail === 'string' ? p.detail : typeof p.title === 'string' ? p.title : `The API answered ${status}`;
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
  return new ApiProblem(status, code, detail, p, seconds);
}
