/** RFC 9457 problem details, as every error of the API is shaped (see the OpenAPI document at /api/docs, and ADR 042). */
export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  requestId?: string;
  errors?: FieldError[];
  /** Members beyond the standard ones (e.g. providerCode, latencyMs of a failed AI provider test). */
  extensions?: Record<string, unknown>;
}

const STANDARD_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId', 'errors']);

/**
 * What every failed call throws. `status` 0 means the network failed (no answer at all);
 * `retryAfterSeconds` comes from the `Retry-After` header of a 429 (or 503).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;
  readonly retryAfterSeconds: number | null;

  constructor(problem: Problem, retryAfterSeconds: number | null = null) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.problem = problem;
    this.status = problem.status;
    this.code = problem.code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }
}

export function networkError(cause: unknown): ApiError {
  const detail = cause instanceof Error ? cause.message : 'The server could not be reached.';
  return new ApiError({ title: 'The server could not be reached', status: 0, code: 'NETWORK', detail });
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Builds the ApiError of a non-2xx response, whether or not its body is a problem document. */
export async function problemOf(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    const text = await res.text();
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  const p = (body && typeof body === 'object' ? body : {}) as Partial<Problem>;
  const problem: Problem = {
    type: p.type,
    title: typeof p.title === 'string' ? p.title : res.statusText || 'Request failed',
    status: typeof p.status === 'number' ? p.status : res.status,
    detail: typeof p.detail === 'string' ? p.detail : undefined,
    code: typeof p.code === 'string' ? p.code : res.status >= 500 ? 'INTERNAL' : 'HTTP_' + res.status,
    requestId: typeof p.requestId === 'string' ? p.requestId : (res.headers.get('x-request-id') ?? undefined),
    errors: Array.isArray(p.errors) ? p.errors.filter(isFieldError) : undefined,
    extensions: Object.fromEntries(Object.entries(p).filter(([k]) => !STANDARD_MEMBERS.has(k))),
  };
  return new ApiError(problem, parseRetryAfter(res.headers.get('retry-after')));
}

function isFieldError(e: unknown): e is FieldError {
  return !!e && typeof e === 'object' && typeof (e as FieldError).field === 'string' && typeof (e as FieldError).message === 'string';
}

/** Failures no form can fix: the fallback view takes over (the user's drafts stay in sessionStorage). */
export function isFatal(error: unknown): boolean {
  return error instanceof ApiError ? error.status === 0 || error.status >= 500 : !(error instanceof Error && error.name === 'AbortError');
}

/**
 * Field errors keyed by the top-level field (`values.2` → `values`), the first message per field,
 * prefixed with the field's label by the form that shows it.
 */
export function fieldErrorMap(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const e of error.fieldErrors) {
    const key = e.field.split(/[.[]/)[0];
    if (!(key in out)) out[key] = e.message;
  }
  return out;
}
