import type { NextFunction, Request, Response } from 'express';
import type { JsonLogger, Metrics } from '@mt/runtime';

const PROBES = /^\/(health\/(live|ready)|metrics)(\?|$)/;

/**
 * What every answered request leaves behind, from one `finish` listener (ADR 156):
 * - a metric counted and timed by its route template (never the raw path: ids would explode the labels);
 * - one log line: method, route template, status, duration, and — from the request's scope — request
 *   id, trace id and user id. Probes and scrapes at debug (not even built unless debug is on).
 */
export function requestObservation(logger: JsonLogger, metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const path = (req.route as { path?: string } | undefined)?.path;
      const route = path ? `${req.baseUrl ?? ''}${path}` : undefined;
      metrics.observeHttp(req.method, route ?? `${req.baseUrl ?? ''}unmatched`, res.statusCode, seconds);
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
    next();
  };
}
