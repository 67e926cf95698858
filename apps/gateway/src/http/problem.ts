/** RFC 9457 problem details, as every error of the API is shaped. */
export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Stable codes and their HTTP status and title. */
export const PROBLEM_CODES = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication is required' },
  INVALID_CREDENTIALS: { status: 401, title: 'Email or password is wrong' },
  TOKEN_EXPIRED: { status: 401, title: 'The token has expired' },
  TOKEN_REUSED: { status: 401, title: 'The refresh token was already used' },
  FORBIDDEN: { status: 403, title: 'Your role does not allow this' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  CONFLICT: { status: 409, title: 'Conflict' },
  EMAIL_TAKEN: { status: 409, title: 'This email is already registered' },
  IDEMPOTENCY_KEY_IN_FLIGHT: { status: 409, title: 'A request with this Idempotency-Key is still in progress' },
  IDEMPOTENT_SECRET_NOT_REPLAYED: { status: 409, title: 'The first answer carried a secret, which is not replayed' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Send JSON' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'This Idempotency-Key was used with another request' },
  UNPROCESSABLE: { status: 422, title: 'The request cannot be processed' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  AI_BUDGET_EXCEEDED: { status: 402, title: 'The AI budget for this month is spent' },
  INTERNAL: { status: 500, title: 'Something went wrong on our side' },
  AI_INVALID_OUTPUT: { status: 502, title: 'The AI answered with output that could not be used' },
  AI_PROVIDER_ERROR: { status: 502, title: 'The AI provider answered with an error' },
  AGENT_UNAVAILABLE: { status: 503, title: 'A part of the system is not answering' },
  AI_TIMEOUT: { status: 504, title: 'The AI did not answer in time' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

export function isProblemCode(code: string): code is ProblemCode {
  return Object.prototype.hasOwnProperty.call(PROBLEM_CODES, code);
}

/** An error a controller or guard throws to answer a given problem. */
export class ProblemError extends Error {
  constructor(
    readonly code: ProblemCode,
    detail: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string>; status?: number; extensions?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}
