import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AdSet, MeshClient, PUBLISHING_TASKS } from '@mt/messages';
import { AdSetDto, AdSetListDto, CreateAdSetDto, RecordSpendDto, UpdateAdSetDto } from '../dtos/adsets.dto';
import { uuidParam } from '../http/actor';
import { Caller } from '../http/caller';

/** Ad sets of a campaign, with budgets, spend and pacing flags (publishing-agent). */
@ApiTags('adsets')
@ApiBearerAuth()
@Controller()
export class AdSetsController {
  constructor(private readonly mesh: MeshClient) {}

  @ApiOperation({ summary: 'Create an ad set' })
  @Post('campaigns/:id/adsets')
  @ApiCreatedResponse({ type: AdSetDto })
  create(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() dto: CreateAdSetDto): Promise<AdSet> {
    return this.mesh.request(PUBLISHING_TASKS.createAdSet, { actor: caller.actor, campaignId: id, adSet: dto }, caller);
  }

  @ApiOperation({ summary: 'Ad sets of a campaign' })
  @Get('campaigns/:id/adsets')
  @ApiOkResponse({ type: AdSetListDto })
  list(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<{ items: AdSet[]; nextCursor: null }> {
    return this.mesh.request(PUBLISHING_TASKS.listAdSets, { actor: caller.actor, campaignId: id }, caller);
  }

  @ApiOperation({ summary: 'Edit an ad set' })
  @Patch('adsets/:id')
  @ApiOkResponse({ type: AdSetDto })
  update(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() changes: UpdateAdSetDto): Promise<AdSet> {
    return this.mesh.request(PUBLISHING_TASKS.updateAdSet, { actor: caller.actor, adSetId: id, changes }, caller);
  }

  /** Spend as the ad platform reported it (by hand until the ad platforms' adapters exist); answers the ad set with its pacing. */
  @ApiOperation({ summary: 'Record spend on an ad set' })
  @Post('adsets/:id/spend')
  @HttpCode(200)
  @ApiOkResponse({ type: AdSetDto })
  spend(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() dto: RecordSpendDto): Promise<AdSet> {
    return this.mesh.request(PUBLISHING_TASKS.recordAdSpend, { actor: caller.actor, adSetId: id, amount: dto.amount, date: dto.date }, caller);
  }
}
