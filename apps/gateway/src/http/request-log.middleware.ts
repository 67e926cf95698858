import type { NextFunction, Request, Response } from 'express';
import type { JsonLogger } from '@mt/runtime';

const PROBES = /^\/(health\/(live|ready)|metrics)(\?|$)/;

/**
 * One line per answered request: method, route template (never the raw path), status, duration,
 * and — from the request's scope — request id, trace id and user id. Probes and scrapes at debug.
 */
export function requestLog(logger: JsonLogger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      const fields = {
        method: req.method,
        route: route ? `${req.baseUrl ?? ''}${route}` : 'unmatched',
        status: res.statusCode,
        duration_ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        request_id: req.trace?.requestId,
        trace_id: req.trace?.traceId,
        ...(req.user ? { user_id: req.user.id } : {}),
        ...(req.logScope?.brandId ? { brand_id: req.logScope.brandId } : {}),
      };
      if (PROBES.test(req.url)) logger.debug('request', fields);
      else logger.info('request', fields);
    });
    next();
  };
}
