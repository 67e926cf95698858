import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { AppLogger } from '@mt/runtime';
import type { Request, Response } from './fastify-request';
import { isConnectionLoss, MeshError, rethrowForMesh } from '@mt/messages';
import { type FieldError, isProblemCode, PROBLEM_CODES, PROBLEM_CONTENT_TYPE, type Problem, ProblemError, type ProblemCode } from './problem';

const HTTP_STATUS_CODES: Record<number, ProblemCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
};

/**
 * Every error of every route leaves as an RFC 9457 problem with a stable code — 404 and 500
 * included, never a stack. Errors from agents keep their code; unknown ones become INTERNAL.
 * Mesh handlers of the gateway (job events) get their errors back unchanged.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new AppLogger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() === 'rpc') return rethrowForMesh(exception);
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const { problem, headers } = this.toProblem(exception, req);
    if (problem.status >= 500) {
      // The id a user quotes in a bug report leads straight to the trace (and to this line).
      if (req.trace) problem.traceId = req.trace.traceId;
      this.logger.error(problem.detail, {
        requestId: problem.requestId,
        code: problem.code,
        error: describe(exception),
        ...(exception instanceof Error && exception.stack ? { stack: exception.stack } : {}),
      });
    }
    if (res.sent || res.raw.headersSent) return;
    for (const [k, v] of Object.entries(headers)) res.header(k, v);
    res.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  toProblem(exception: unknown, req: Pick<Request, 'headers' | 'url'> & { originalUrl?: string }): { problem: Problem; headers: Record<string, string> } {
    const requestId = String(req.headers['x-request-id'] ?? '');
    const base = (code: ProblemCode, detail: string, status?: number, errors?: FieldError[]): Problem =>
      domain(code, PROBLEM_CODES[code].title, status ?? PROBLEM_CODES[code].status, detail, errors);
    const domain = (code: string, title: string, status: number, detail: string, errors?: FieldError[]): Problem => ({
      type: `https://marketing-team.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title,
      status,
      detail,
      instance: req.originalUrl ?? req.url,
      code,
      requestId,
      ...(errors ? { errors } : {}),
    });

    if (exception instanceof ProblemError) {
      // Extension members never replace the standard ones.
      const problem = { ...exception.extra.extensions, ...base(exception.code, exception.message, exception.extra.status, exception.extra.errors) };
      return { problem, headers: exception.extra.headers ?? {} };
    }
    if (exception instanceof MeshError && !isProblemCode(exception.code) && isDomainRefusal(exception)) {
      // An agent's own refusal (ENTRY_OUTSIDE_CAMPAIGN, CONTENT_NOT_APPROVED, …): its code is part of
      // the contract clients branch on, so it is kept, with the status the agent chose.
      const status = exception.status as number;
      const details = exception.details as { errors?: FieldError[] } | undefined;
      const title = HTTP_STATUS_CODES[status] ? PROBLEM_CODES[HTTP_STATUS_CODES[status]].title : PROBLEM_CODES.UNPROCESSABLE.title;
      return { problem: domain(exception.code, title, status, exception.message, details?.errors), headers: {} };
    }
    if (exception instanceof MeshError) {
      const code = isProblemCode(exception.code) ? exception.code : exception.status && exception.status < 500 ? 'UNPROCESSABLE' : 'INTERNAL';
      const status = isProblemCode(exception.code) ? PROBLEM_CODES[exception.code].status : (exception.status ?? 500);
      const details = exception.details as { errors?: FieldError[] } | undefined;
      const detail = code === 'INTERNAL' ? 'The request could not be completed.' : exception.message;
      const problem = base(code, detail, status, details?.errors);
      return { problem, headers: code === 'AGENT_UNAVAILABLE' ? { 'Retry-After': '5' } : {} };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = HTTP_STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'UNPROCESSABLE');
      const body = exception.getResponse();
      const message = typeof body === 'object' && body && 'message' in body ? (body as { message: unknown }).message : exception.message;
      const detail = Array.isArray(message) ? message.join('; ') : String(message);
      return { problem: base(code, status >= 500 ? 'The request could not be completed.' : detail, status), headers: {} };
    }
    if (isConnectionLoss(exception)) {
      // The gateway's own database (or store) went away under the request: worth trying again shortly.
      return { problem: base('AGENT_UNAVAILABLE', 'The database did not answer; try again shortly.'), headers: { 'Retry-After': '5' } };
    }
    const bodyParserError = exception as { type?: string; code?: string; status?: number; message?: string };
    if (bodyParserError?.type === 'entity.parse.failed') {
      return { problem: base('VALIDATION_FAILED', 'The body is not valid JSON.'), headers: {} };
    }
    // Fastify's own refusals of a body (ADR 165), with Express's codes and details.
    if (bodyParserError?.type === 'entity.too.large' || bodyParserError?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return { problem: base('PAYLOAD_TOO_LARGE', 'The request body is larger than the server accepts.'), headers: {} };
    }
    if (bodyParserError?.type === 'encoding.unsupported' || bodyParserError?.type === 'charset.unsupported') {
      const field = bodyParserError.type === 'encoding.unsupported' ? 'Content-Encoding' : 'Content-Type';
      return {
        problem: base('UNSUPPORTED_MEDIA_TYPE', bodyParserError.message ?? 'Unsupported encoding', 415, [{ field, message: 'is not supported' }]),
        headers: {},
      };
    }
    // Any other error of reading the body (a body that is not in the Content-Encoding it claims, an
    // aborted upload, …) carries its 4xx status: mapped by status, with a fixed detail.
    const status = (exception as { status?: unknown; statusCode?: unknown })?.status ?? (exception as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const code = HTTP_STATUS_CODES[status] ?? 'VALIDATION_FAILED';
      const errors = req.headers['content-encoding']
        ? [{ field: 'Content-Encoding', message: 'the body could not be decoded as this encoding' }]
        : [{ field: 'body', message: 'could not be read' }];
      return { problem: base(code, 'The request body could not be read.', PROBLEM_CODES[code].status, errors), headers: {} };
    }
    return { problem: base('INTERNAL', 'The request could not be completed.'), headers: {} };
  }
}

const DOMAIN_CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

/** A 4xx refusal with a well-formed code; 5xx codes an agent invents are not shown (they may leak internals). */
function isDomainRefusal(e: MeshError): boolean {
  return typeof e.status === 'number' && e.status >= 400 && e.status < 500 && DOMAIN_CODE.test(e.code);
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
