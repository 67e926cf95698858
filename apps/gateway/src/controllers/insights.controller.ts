import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from '../http/fastify-request';
import { CAMPAIGN_TASKS, type GenerateInsightsInput, type InsightList, MeshClient } from '@mt/messages';
import { accepted } from '../http/accepted';
import { uuidParam } from '../http/actor';
import { AiRoute, CurrentUser, type CurrentUserInfo } from '../http/current-user';
import { GenerateInsightsDto, InsightListDto } from '../dtos/insights.dto';
import type { JobAcceptedDto } from '../dtos/job.dto';
import { JobLauncher } from '../services/job-launcher.service';
import { Caller } from '../http/caller';

/** Insights from the brand's analytics (strategy-agent): generating them is a job; the latest run is read back. */
@ApiTags('insights')
@ApiBearerAuth()
@Controller('brands')
export class InsightsController {
  constructor(
    private readonly mesh: MeshClient,
    private readonly jobs: JobLauncher,
  ) {}

  @ApiOperation({ summary: 'Generate insights from performance (a job)' })
  @Post(':id/insights')
  @AiRoute()
  @ApiAcceptedResponse({
    description: "{ jobId, status, kind: 'brand.insights', links }; the job's result is { brandId, insights, snapshots, simulated, summaryError }",
  })
  async generate(
    @Caller() caller: Caller,
    @CurrentUser() user: CurrentUserInfo,
    @Param('id', uuidParam()) brandId: string,
    @Body() dto: GenerateInsightsDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobAcceptedDto> {
    const actor = caller.actor;
    // A viewer hears 403 (a stranger 404) now, not from a failed job.
    await this.mesh.request(CAMPAIGN_TASKS.authorize, { actor, role: 'editor', brandId }, caller);
    const payload: GenerateInsightsInput = { actor, brandId, ...(dto.periodDays !== undefined ? { periodDays: dto.periodDays } : {}) };
    return accepted(res, await this.jobs.launch({ user, brandId, kind: 'brand.insights', taskType: CAMPAIGN_TASKS.insights, payload }));
  }

  @ApiOperation({ summary: "The brand's insights" })
  @Get(':id/insights')
  @ApiOkResponse({ type: InsightListDto, description: 'the latest run, in order; empty before the first' })
  latest(@Caller() caller: Caller, @Param('id', uuidParam()) brandId: string): Promise<InsightList> {
    return this.mesh.request(CAMPAIGN_TASKS.listInsights, { actor: caller.actor, brandId }, caller);
  }
}
