import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from '@mt/runtime';

/** Counts and times every answer by its route template (never the raw path: ids would explode the labels). */
export function httpMetrics(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      metrics.observeHttp(req.method, `${req.baseUrl ?? ''}${route}`, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
