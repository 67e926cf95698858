import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from '../http/fastify-request';
import { JobAcceptedDto, JobListQueryDto, JobPageDto, JobViewDto } from '../dtos/job.dto';
import { CurrentUser, type CurrentUserInfo } from '../http/current-user';
import { JobControlService } from '../services/job-control.service';
import { JobEventStream } from '../services/job-event-stream.service';
import { JobQueryService } from '../services/job-query.service';
import { jobPath } from '../services/job-view';

/** Long-running work the caller started: status, a live stream, cancel and retry. */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly query: JobQueryService,
    private readonly control: JobControlService,
    private readonly stream: JobEventStream,
  ) {}

  @Get()
  @ApiOperation({ summary: "The caller's jobs, newest first (e.g. ?status=running after a reload)" })
  @ApiOkResponse({ type: JobPageDto })
  list(@CurrentUser() user: CurrentUserInfo, @Query() q: JobListQueryDto): Promise<JobPageDto> {
    return this.query.list(user.id, q, user.token?.brandIds ?? undefined);
  }

  @ApiOperation({ summary: "A job's status, progress and result" })
  @Get(':id')
  @ApiOkResponse({ type: JobViewDto })
  async get(@CurrentUser() user: CurrentUserInfo, @Param('id') id: string): Promise<JobViewDto> {
    await this.reach(user, id);
    return this.query.get(user.id, id);
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'Server-Sent Events: progress, then succeeded, failed or cancelled; the current state first' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream; each event carries the job as GET /jobs/{id} shows it' })
  async events(@CurrentUser() user: CurrentUserInfo, @Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.reach(user, id);
    return this.stream.open(user.id, id, req.raw, res.raw, () => res.hijack());
  }

  @ApiOperation({ summary: 'Cancel a job that has not finished' })
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: JobViewDto })
  async cancel(@CurrentUser() user: CurrentUserInfo, @Param('id') id: string): Promise<JobViewDto> {
    await this.reach(user, id);
    return this.control.cancel(user.id, id);
  }

  @ApiOperation({ summary: 'Run a failed or cancelled job again' })
  @Post(':id/retry')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: JobAcceptedDto, headers: { Location: { description: '/api/v1/jobs/{id}', schema: { type: 'string' } } } })
  async retry(@CurrentUser() user: CurrentUserInfo, @Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<JobAcceptedDto> {
    await this.reach(user, id);
    const accepted = await this.control.retry(user.id, id);
    res.header('Location', jobPath(accepted.jobId));
    return accepted;
  }

  /** A brand-restricted personal access token sees only the jobs of its brands (ADR 117). */
  private async reach(user: CurrentUserInfo, id: string): Promise<void> {
    const brandIds = user.token?.brandIds;
    if (brandIds) await this.query.own(user.id, id, brandIds);
  }
}
