import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type AnalyticsOverview, type ContentAnalytics, MeshClient, PUBLISHING_TASKS, type SimulateAnalyticsInput } from '@mt/messages';
import { BrandAccessService } from '@mt/runtime';
import { AnalyticsOverviewDto, AnalyticsOverviewQuery, ContentAnalyticsDto, SimulateAnalyticsDto } from '../dtos/analytics.dto';
import { JobAcceptedDto } from '../dtos/job.dto';
import { accepted } from '../http/accepted';
import { actorOf, traceOf, uuidParam } from '../http/actor';
import { CurrentUser, type CurrentUserInfo } from '../http/current-user';
import { ProblemError } from '../http/problem';
import { JobLauncher } from '../services/job-launcher.service';

const DAY_MS = 86_400_000;

/** Analytics, collected by publishing-agent: viewers read; editors may fill a brand with simulated numbers. */
@ApiTags('analytics')
@ApiBearerAuth()
@Controller()
export class AnalyticsController {
  constructor(
    private readonly mesh: MeshClient,
    private readonly jobs: JobLauncher,
    private readonly access: BrandAccessService,
  ) {}

  @Get('analytics/overview')
  @ApiOkResponse({ type: AnalyticsOverviewDto })
  overview(@Req() req: Request, @Query() q: AnalyticsOverviewQuery): Promise<AnalyticsOverview> {
    const to = q.to?.slice(0, 10) ?? new Date().toISOString().slice(0, 10);
    const from = q.from?.slice(0, 10) ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10);
    if (from > to) throw new ProblemError('VALIDATION_FAILED', 'from must not be after to', { errors: [{ field: 'from', message: 'must not be after to' }] });
    return this.mesh.request(PUBLISHING_TASKS.analyticsOverview, { actor: actorOf(req), brandId: q.brandId, from, to }, { parent: traceOf(req) });
  }

  @Get('content/:id/analytics')
  @ApiOkResponse({ type: ContentAnalyticsDto })
  content(@Req() req: Request, @Param('id', uuidParam()) id: string): Promise<ContentAnalytics> {
    return this.mesh.request(PUBLISHING_TASKS.contentAnalytics, { actor: actorOf(req), contentId: id }, { parent: traceOf(req) });
  }

  /** Synthetic numbers, marked simulated everywhere they show. The role is checked before the job exists. */
  @Post('analytics/simulate')
  @ApiAcceptedResponse({ type: JobAcceptedDto })
  async simulate(
    @Req() req: Request,
    @CurrentUser() user: CurrentUserInfo,
    @Body() dto: SimulateAnalyticsDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobAcceptedDto> {
    const actor = actorOf(req);
    await this.access.require(actor, dto.brandId, 'editor');
    const payload: SimulateAnalyticsInput = { actor, brandId: dto.brandId, days: dto.days };
    return accepted(res, await this.jobs.launch({ user, brandId: dto.brandId, kind: 'analytics.simulate', taskType: PUBLISHING_TASKS.simulateAnalytics, payload }));
  }
}
