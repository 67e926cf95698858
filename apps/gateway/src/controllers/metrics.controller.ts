import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { RUNTIME, type Runtime } from '@mt/runtime';
import { Public } from '../http/current-user';

/** Prometheus text format, for the scraper (not under /api/v1, not rate limited). */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get()
  async metrics(@Res() res: Response): Promise<void> {
    res.setHeader('Content-Type', this.runtime.metrics.contentType);
    res.status(200).send(await this.runtime.metrics.text());
  }
}
