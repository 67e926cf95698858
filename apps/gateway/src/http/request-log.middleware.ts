import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JsonLogger, Metrics } from '@mt/runtime';

const PROBES = /^\/(health\/(live|ready)|metrics)(\?|$)/;

/**
 * What every answered request leaves behind, from one `finish` listener (ADR 156):
 * - a metric counted and timed by its route template (never the raw path: ids would explode the labels);
 * - one log line: method, route template, status, duration, and — from the request's scope — request
 *   id, trace id and user id. Probes and scrapes at debug (not even built unless debug is on).
 * Called from the gateway's one `onRequest` hook (ADR 178), listening on the Node.js response, so
 * streams that take the response over count too.
 */
export function requestObservation(logger: JsonLogger, metrics: Metrics): (req: FastifyRequest, reply: FastifyReply) => void {
  return (req: FastifyRequest, reply: FastifyReply): void => {
    const started = process.hrtime.bigint();
    const res = reply.raw;
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // The template Fastify matched (`/api/v1/brands/:id`); none for a request no route took.
      const route = req.is404 ? undefined : req.routeOptions.url;
      metrics.observeHttp(req.method, route ?? 'unmatched', res.statusCode, seconds);
      const probe = PROBES.test(req.url);
      if (probe && !logger.debugEnabled) return;
      const fields = {
        method: req.method,
        route: route ?? 'unmatched',
        status: res.statusCode,
        duration_ms: Math.round(seconds * 1e5) / 100,
        request_id: req.trace?.requestId,
        trace_id: req.trace?.traceId,
        ...(req.user ? { user_id: req.user.id } : {}),
        ...(req.logScope?.brandId ? { brand_id: req.logScope.brandId } : {}),
      };
      if (probe) logger.debug('request', fields);
      else logger.info('request', fields);
    });
  };
}
