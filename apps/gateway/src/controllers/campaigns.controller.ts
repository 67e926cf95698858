import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from '../http/fastify-request';
import { type Campaign, type CampaignPage, CAMPAIGN_TASKS, MeshClient, type PlanCampaignInput } from '@mt/messages';
import { accepted } from '../http/accepted';
import { uuidParam } from '../http/actor';
import { AiRoute, CurrentUser, type CurrentUserInfo } from '../http/current-user';
import { CampaignDto, CreateCampaignDto, ListCampaignsQuery, UpdateCampaignDto } from '../dtos/campaign.dto';
import type { JobAcceptedDto } from '../dtos/job.dto';
import { toPageQuery } from '../dtos/pagination.dto';
import { JobLauncher } from '../services/job-launcher.service';
import { Caller } from '../http/caller';
import { CampaignAccessCheck } from '../replicas/campaign-access.service';

/** Campaigns, owned by strategy-agent: viewers read, editors write. */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly mesh: MeshClient) {}

  @ApiOperation({ summary: 'Create a campaign' })
  @Post()
  @ApiCreatedResponse({ type: CampaignDto })
  create(@Caller() caller: Caller, @Body() dto: CreateCampaignDto): Promise<Campaign> {
    const { brandId, ...campaign } = dto;
    return this.mesh.request(CAMPAIGN_TASKS.create, { actor: caller.actor, brandId, campaign }, caller);
  }

  @ApiOperation({ summary: 'Campaigns of a brand, a page at a time' })
  @Get()
  @ApiOkResponse({ description: '{ items: Campaign[], nextCursor }' })
  list(@Caller() caller: Caller, @Query() q: ListCampaignsQuery): Promise<CampaignPage> {
    return this.mesh.request(CAMPAIGN_TASKS.list, { actor: caller.actor, brandId: q.brandId, page: toPageQuery(q) }, caller);
  }

  @ApiOperation({ summary: 'A campaign' })
  @Get(':id')
  @ApiOkResponse({ type: CampaignDto })
  get(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<Campaign> {
    return this.mesh.request(CAMPAIGN_TASKS.get, { actor: caller.actor, campaignId: id }, caller);
  }

  @ApiOperation({ summary: 'Edit a campaign' })
  @Patch(':id')
  @ApiOkResponse({ type: CampaignDto })
  update(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() changes: UpdateCampaignDto): Promise<Campaign> {
    return this.mesh.request(CAMPAIGN_TASKS.update, { actor: caller.actor, campaignId: id, changes }, caller);
  }

  @ApiOperation({ summary: 'Delete a campaign' })
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.mesh.request(CAMPAIGN_TASKS.delete, { actor: caller.actor, campaignId: id }, caller);
  }
}

/**
 * `POST /campaigns/{id}/plan`: a job. Registered by PlanningHttpModule, which brings JobLauncher;
 * the caller's role is checked first, so a viewer hears 403 (a stranger 404) at once rather than
 * from a failed job — from the gateway's replicas when they know the campaign (ADR 185).
 */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignPlanController {
  constructor(
    private readonly access: CampaignAccessCheck,
    private readonly jobs: JobLauncher,
  ) {}

  @ApiOperation({ summary: "Plan the campaign's content calendar (a job)" })
  @Post(':id/plan')
  @AiRoute()
  @ApiAcceptedResponse({ description: "{ jobId, status, kind: 'campaign.plan', links }; the job's result is { campaignId, entries, kept, replaced }" })
  async plan(
    @Caller() caller: Caller,
    @CurrentUser() user: CurrentUserInfo,
    @Param('id', uuidParam()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobAcceptedDto> {
    const actor = caller.actor;
    const brandId = await this.access.brandOf(caller, id, 'editor');
    const payload: PlanCampaignInput = { actor, campaignId: id };
    return accepted(res, await this.jobs.launch({ user, brandId, kind: 'campaign.plan', taskType: CAMPAIGN_TASKS.plan, payload }));
  }
}
