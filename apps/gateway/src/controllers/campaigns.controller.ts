import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { type Campaign, type CampaignPage, CAMPAIGN_TASKS, MeshClient } from '@mt/messages';
import { actorOf, traceOf, uuidParam } from '../http/actor';
import { CampaignDto, CreateCampaignDto, ListCampaignsQuery, UpdateCampaignDto } from '../dtos/campaign.dto';
import { toPageQuery } from '../dtos/pagination.dto';

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
