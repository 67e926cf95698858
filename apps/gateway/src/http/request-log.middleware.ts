import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { JsonLogger, Metrics } from '@mt/runtime';

const PROBES = /^\/(health\/(live|ready)|metrics)(\?|$)/;

/**
 * What every answered request leaves behind, from a Fastify `onResponse` hook (ADR 222):
 * - a metric counted and timed by its route template (never the raw path: ids would explode the labels);
 * - one log line: method, route template, status, duration, and — from the request's scope — request
 *   id, trace id and user id. Probes and scrapes at debug (not even built unless debug is on).
 * Fastify runs the hook from its own `finish` listener on the Node.js response, which it sets up
 * before the first `onRequest` hook, so answers sent from a hook (the web app's files, a 404) and
 * streams that take the response over (SSE, MCP, tus) count too. The duration is Fastify's own
 * (`reply.elapsedTime`, from that moment to `finish`).
 */
export function requestObservation(logger: JsonLogger, metrics: Metrics): (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void {
  return (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const ms = reply.elapsedTime;
    const status = reply.raw.statusCode;
    // The template Fastify matched (`/api/v1/brands/:id`); none for a request no route took.
    const route = req.is404 ? undefined : req.routeOptions.url;
    metrics.observeHttp(req.method, route ?? 'unmatched', status, ms / 1000);
    const probe = PROBES.test(req.url);
    if (!probe || logger.debugEnabled) {
      const fields = {
        method: req.method,
        route: route ?? 'unmatched',
        status,
        duration_ms: Math.round(ms * 100) / 100,
        request_id: req.trace?.requestId,
        trace_id: req.trace?.traceId,
        ...(req.user ? { user_id: req.user.id } : {}),
        ...(req.logScope?.brandId ? { brand_id: req.logScope.brandId } : {}),
      };
      if (probe) logger.debug('request', fields);
      else logger.info('request', fields);
    }
    done();
  };
}
