import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from '../http/fastify-request';
import { RUNTIME, type Runtime } from '@mt/runtime';
import { Public } from '../http/current-user';
import { isInternalCaller } from '../http/internal-access';
import { ProblemError } from '../http/problem';

/**
 * Prometheus text format, for the scraper (not under /api/v1, not rate limited). Not public: the
 * scraper sends `Authorization: Bearer <METRICS_TOKEN>` (ADR 103); without the token, or with no
 * token configured, 401.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get()
  async metrics(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!isInternalCaller(req, this.runtime.config.metricsToken)) {
      const detail = this.runtime.config.metricsToken ? 'Send Authorization: Bearer <METRICS_TOKEN>' : 'Metrics are served only when METRICS_TOKEN is set';
      throw new ProblemError('UNAUTHENTICATED', detail, { headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' } });
    }
    res.header('Content-Type', this.runtime.metrics.contentType);
    res.code(200).send(await this.runtime.metrics.text());
  }
}
