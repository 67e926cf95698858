import { MeshError, type JobProblem } from '@mt/messages';

/** Titles and statuses of the codes a job most often fails with (the rest keep their own status). */
const KNOWN: Record<string, { status: number; title: string }> = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  FORBIDDEN: { status: 403, title: 'Your role does not allow this' },
  CONFLICT: { status: 409, title: 'Conflict' },
  UNPROCESSABLE: { status: 422, title: 'The request cannot be processed' },
  AI_BUDGET_EXCEEDED: { status: 402, title: 'The AI budget for this month is spent' },
  AI_TIMEOUT: { status: 504, title: 'The AI did not answer in time' },
  AI_INVALID_OUTPUT: { status: 502, title: 'The AI answered with output that could not be used' },
  AI_EMPTY_OUTPUT: { status: 502, title: 'The AI answered with nothing' },
  AI_RATE_LIMITED: { status: 503, title: 'The AI provider is rate-limiting us' },
  AI_PROVIDER_ERROR: { status: 502, title: 'The AI provider failed' },
  AI_AUTH_FAILED: { status: 502, title: 'The AI provider refused our credentials' },
  AI_BAD_REQUEST: { status: 502, title: 'The AI provider refused the request' },
  AGENT_UNAVAILABLE: { status: 503, title: 'A part of the system is not answering' },
  INTERNAL: { status: 500, title: 'Something went wrong on our side' },
};

const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

/**
 * An error as the problem a failed job shows its user: a stable code, a title, a detail and an
 * HTTP-like status. Errors that carry a code (MeshError, AiError, …) keep it and their message;
 * anything else (a bug, a crashed query) becomes INTERNAL without its message, which may leak internals.
 */
export function toJobProblem(err: unknown): JobProblem {
  const coded = err as { code?: unknown; message?: unknown; status?: unknown } | null;
  if (coded && typeof coded === 'object' && typeof coded.code === 'string' && CODE.test(coded.code)) {
    const known = KNOWN[coded.code];
    const status = err instanceof MeshError && err.status ? err.status : typeof coded.status === 'number' ? coded.status : (known?.status ?? 500);
    return {
      code: coded.code,
      title: known?.title ?? coded.code.charAt(0) + coded.code.slice(1).toLowerCase().replace(/_/g, ' '),
      detail: typeof coded.message === 'string' && coded.message ? coded.message : (known?.title ?? coded.code),
      status,
    };
  }
  return { code: 'INTERNAL', title: KNOWN.INTERNAL.title, detail: 'The job could not be completed.', status: 500 };
}
