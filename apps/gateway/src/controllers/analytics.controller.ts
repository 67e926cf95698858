import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from '../http/fastify-request';
import { type AnalyticsOverview, type ContentAnalytics, MeshClient, PUBLISHING_TASKS, type SimulateAnalyticsInput } from '@mt/messages';
import { BrandAccessService } from '@mt/replicas';
import { AnalyticsOverviewDto, AnalyticsOverviewQuery, ContentAnalyticsDto, SimulateAnalyticsDto } from '../dtos/analytics.dto';
import { JobAcceptedDto } from '../dtos/job.dto';
import { accepted } from '../http/accepted';
import { uuidParam } from '../http/actor';
import { CurrentUser, type CurrentUserInfo } from '../http/current-user';
import { ProblemError } from '../http/problem';
import { JobLauncher } from '../services/job-launcher.service';
import { Caller } from '../http/caller';

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

  @ApiOperation({ summary: "A brand's performance over a period" })
  @Get('analytics/overview')
  @ApiOkResponse({ type: AnalyticsOverviewDto })
  overview(@Caller() caller: Caller, @Query() q: AnalyticsOverviewQuery): Promise<AnalyticsOverview> {
    const to = q.to?.slice(0, 10) ?? new Date().toISOString().slice(0, 10);
    const from = q.from?.slice(0, 10) ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10);
    if (from > to) throw new ProblemError('VALIDATION_FAILED', 'from must not be after to', { errors: [{ field: 'from', message: 'must not be after to' }] });
    return this.mesh.request(PUBLISHING_TASKS.analyticsOverview, { actor: caller.actor, brandId: q.brandId, from, to }, caller);
  }

  @ApiOperation({ summary: "A post's performance" })
  @Get('content/:id/analytics')
  @ApiOkResponse({ type: ContentAnalyticsDto })
  content(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<ContentAnalytics> {
    return this.mesh.request(PUBLISHING_TASKS.contentAnalytics, { actor: caller.actor, contentId: id }, caller);
  }

  /** Synthetic numbers, marked simulated everywhere they show. The role is checked before the job exists. */
  @ApiOperation({ summary: 'Simulate performance for demos (marked as simulated)' })
  @Post('analytics/simulate')
  @ApiAcceptedResponse({ type: JobAcceptedDto })
  async simulate(
    @Caller() caller: Caller,
    @CurrentUser() user: CurrentUserInfo,
    @Body() dto: SimulateAnalyticsDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobAcceptedDto> {
    const actor = caller.actor;
    await this.access.require(actor, dto.brandId, 'editor');
    const payload: SimulateAnalyticsInput = { actor, brandId: dto.brandId, days: dto.days };
    return accepted(
      res,
      await this.jobs.launch({ user, brandId: dto.brandId, kind: 'analytics.simulate', taskType: PUBLISHING_TASKS.simulateAnalytics, payload }),
    );
  }
}
