import type { OpenAPIObject } from '@nestjs/swagger';
import { PUBLIC_OPERATION_EXTENSION } from './current-user';
import { PROBLEM_CODES, PROBLEM_CONTENT_TYPE } from './problem';

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details. Every error of every route has this shape.',
  required: ['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', enum: Object.keys(PROBLEM_CODES), description: 'Stable, upper-case error code' },
    requestId: { type: 'string' },
    traceId: {
      type: 'string',
      pattern: '^[0-9a-f]{32}$',
      description: 'On 5xx answers: the W3C trace id of the request (its traceparent), to find the trace and its log lines',
    },
    errors: {
      type: 'array',
      description: 'Field errors (VALIDATION_FAILED)',
      items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Invalid input (VALIDATION_FAILED, with field errors)',
  '401': 'Missing, invalid or expired access token',
  '403': 'Your role on the brand does not allow this',
  '404': 'Not found, or a brand you have no role in',
  '429': 'Rate limit exceeded (see Retry-After)',
  '500': 'Unexpected error (INTERNAL); no details are leaked',
  '503': 'An agent did not answer in time (AGENT_UNAVAILABLE)',
};

/**
 * Adds the problem schema and the error responses every route can give to every operation, so
 * the document describes the error shape even where a controller does not list it.
 */
export function withProblemResponses(doc: OpenAPIObject): OpenAPIObject {
  doc.components = doc.components ?? {};
  doc.components.schemas = { ...(doc.components.schemas ?? {}), Problem: PROBLEM_SCHEMA };
  const ref = { $ref: '#/components/schemas/Problem' };
  for (const item of Object.values(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      // A public route says so (no security requirement), rather than leaving the question open.
      const extended = op as unknown as Record<string, unknown>;
      if (extended[PUBLIC_OPERATION_EXTENSION]) {
        op.security = [];
        delete extended[PUBLIC_OPERATION_EXTENSION];
      }
      for (const [status, description] of Object.entries(ERROR_RESPONSES)) {
        const existing = op.responses[status] as { description?: string } | undefined;
        op.responses[status] = {
          description: existing?.description ?? description,
          content: { [PROBLEM_CONTENT_TYPE]: { schema: ref } },
        };
      }
    }
  }
  return doc;
}
