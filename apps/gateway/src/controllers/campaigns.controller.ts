import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type AuthorizeAnswer, type Campaign, type CampaignPage, CAMPAIGN_TASKS, MeshClient, type PlanCampaignInput } from '@mt/messages';
import { accepted } from '../http/accepted';
import { actorOf, traceOf, uuidParam } from '../http/actor';
import { AiRoute, CurrentUser, type CurrentUserInfo } from '../http/current-user';
import { CampaignDto, CreateCampaignDto, ListCampaignsQuery, UpdateCampaignDto } from '../dtos/campaign.dto';
import type { JobAcceptedDto } from '../dtos/job.dto';
import { toPageQuery } from '../dtos/pagination.dto';
import { JobLauncher } from '../services/job-launcher.service';

/** Campaigns, owned by strategy-agent: viewers read, editors write. */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly mesh: MeshClient) {}

  @Post()
  @ApiCreatedResponse({ type: CampaignDto })
  create(@Req() req: Request, @Body() dto: CreateCampaignDto): Promise<Campaign> {
    const { brandId, ...campaign } = dto;
    return this.mesh.request(CAMPAIGN_TASKS.create, { actor: actorOf(req), brandId, campaign }, { parent: traceOf(req) });
  }

  @Get()
  @ApiOkResponse({ description: '{ items: Campaign[], nextCursor }' })
  list(@Req() req: Request, @Query() q: ListCampaignsQuery): Promise<CampaignPage> {
    return this.mesh.request(
      CAMPAIGN_TASKS.list,
      { actor: actorOf(req), brandId: q.brandId, page: toPageQuery(q) },
      { parent: traceOf(req) },
    );
  }

  @Get(':id')
  @ApiOkResponse({ type: CampaignDto })
  get(@Req() req: Request, @Param('id', uuidParam()) id: string): Promise<Campaign> {
    return this.mesh.request(CAMPAIGN_TASKS.get, { actor: actorOf(req), campaignId: id }, { parent: traceOf(req) });
  }

  @Patch(':id')
  @ApiOkResponse({ type: CampaignDto })
  update(@Req() req: Request, @Param('id', uuidParam()) id: string, @Body() changes: UpdateCampaignDto): Promise<Campaign> {
    return this.mesh.request(CAMPAIGN_TASKS.update, { actor: actorOf(req), campaignId: id, changes }, { parent: traceOf(req) });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Req() req: Request, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.mesh.request(CAMPAIGN_TASKS.delete, { actor: actorOf(req), campaignId: id }, { parent: traceOf(req) });
  }
}

/**
 * `POST /campaigns/{id}/plan`: a job. Registered by PlanningHttpModule, which brings JobLauncher;
 * the caller's role is checked first, so a viewer hears 403 (a stranger 404) at once rather than
 * from a failed job.
 */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignPlanController {
  constructor(
    private readonly mesh: MeshClient,
    private readonly jobs: JobLauncher,
  ) {}

  @Post(':id/plan')
  @AiRoute()
  @ApiAcceptedResponse({ description: "{ jobId, status, kind: 'campaign.plan', links }; the job's result is { campaignId, entries, kept, replaced }" })
  async plan(
    @Req() req: Request,
    @CurrentUser() user: CurrentUserInfo,
    @Param('id', uuidParam()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobAcceptedDto> {
    const actor = actorOf(req);
    const { brandId } = await this.mesh.request<AuthorizeAnswer>(CAMPAIGN_TASKS.authorize, { actor, role: 'editor', campaignId: id }, { parent: traceOf(req) });
    const payload: PlanCampaignInput = { actor, campaignId: id };
    return accepted(res, await this.jobs.launch({ user, brandId, kind: 'campaign.plan', taskType: CAMPAIGN_TASKS.plan, payload }));
  }
}
