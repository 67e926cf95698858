import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { type AdSet, MeshClient, PUBLISHING_TASKS } from '@mt/messages';
import { AdSetDto, AdSetListDto, CreateAdSetDto, RecordSpendDto, UpdateAdSetDto } from '../dtos/adsets.dto';
import { actorOf, traceOf, uuidParam } from '../http/actor';

/** Ad sets of a campaign, with budgets, spend and pacing flags (publishing-agent). */
@ApiTags('adsets')
@ApiBearerAuth()
@Controller()
export class AdSetsController {
  constructor(private readonly mesh: MeshClient) {}

  @Post('campaigns/:id/adsets')
  @ApiCreatedResponse({ type: AdSetDto })
  create(@Req() req: Request, @Param('id', uuidParam()) id: string, @Body() dto: CreateAdSetDto): Promise<AdSet> {
    return this.mesh.request(PUBLISHING_TASKS.createAdSet, { actor: actorOf(req), campaignId: id, adSet: dto }, { parent: traceOf(req) });
  }

  @Get('campaigns/:id/adsets')
  @ApiOkResponse({ type: AdSetListDto })
  list(@Req() req: Request, @Param('id', uuidParam()) id: string): Promise<{ items: AdSet[]; nextCursor: null }> {
    return this.mesh.request(PUBLISHING_TASKS.listAdSets, { actor: actorOf(req), campaignId: id }, { parent: traceOf(req) });
  }

  @Patch('adsets/:id')
  @ApiOkResponse({ type: AdSetDto })
  update(@Req() req: Request, @Param('id', uuidParam()) id: string, @Body() changes: UpdateAdSetDto): Promise<AdSet> {
    return this.mesh.request(PUBLISHING_TASKS.updateAdSet, { actor: actorOf(req), adSetId: id, changes }, { parent: traceOf(req) });
  }

  /** Spend as the ad platform reported it (by hand until the ad platforms' adapters exist); answers the ad set with its pacing. */
  @Post('adsets/:id/spend')
  @HttpCode(200)
  @ApiOkResponse({ type: AdSetDto })
  spend(@Req() req: Request, @Param('id', uuidParam()) id: string, @Body() dto: RecordSpendDto): Promise<AdSet> {
    return this.mesh.request(
      PUBLISHING_TASKS.recordAdSpend,
      { actor: actorOf(req), adSetId: id, amount: dto.amount, date: dto.date },
      { parent: traceOf(req) },
    );
  }
}
