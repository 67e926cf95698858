import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AiBudget,
  type AiBudgetPayload,
  type AiLogPage,
  type AiLogsPayload,
  type AiUsage,
  type AiUsagePayload,
  BRAND_TASKS,
  MeshClient,
  type SetAiBudgetPayload,
} from '@mt/messages';
import { AiBudgetDto, AiLogPageDto, AiLogsQuery, AiUsageDto, AiUsageQuery, SetAiBudgetDto } from '../dtos/ai-usage.dto';
import { toPageQuery } from '../dtos/pagination.dto';
import { uuidParam } from '../http/actor';
import { Caller } from '../http/caller';

/** AI usage, the call log and the monthly budget of a brand (brand-agent reads the shared `ai` ledger). */
@ApiTags('ai usage')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such brand, or you have no role in it' })
@Controller()
export class AiUsageController {
  constructor(private readonly mesh: MeshClient) {}

  @Get('ai/usage')
  @ApiOperation({ summary: 'Calls, tokens and cost by model, agent and UTC day over [from, to)' })
  @ApiOkResponse({ type: AiUsageDto })
  usage(@Caller() caller: Caller, @Query() q: AiUsageQuery): Promise<AiUsage> {
    const payload: AiUsagePayload = { actor: caller.actor, brandId: q.brandId, ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) };
    return this.mesh.request(BRAND_TASKS.aiUsage, payload, caller);
  }

  @Get('ai/logs')
  @ApiOperation({ summary: 'The AI call log, newest first (prompts for owners and editors only)' })
  @ApiOkResponse({ type: AiLogPageDto })
  logs(@Caller() caller: Caller, @Query() q: AiLogsQuery): Promise<AiLogPage> {
    const payload: AiLogsPayload = { actor: caller.actor, brandId: q.brandId, page: toPageQuery(q), ...(q.jobId ? { jobId: q.jobId } : {}) };
    return this.mesh.request(BRAND_TASKS.aiLogs, payload, caller);
  }

  @Get('brands/:id/ai-budget')
  @ApiOperation({ summary: "The brand's monthly AI budget and this month's spend" })
  @ApiOkResponse({ type: AiBudgetDto })
  budget(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<AiBudget> {
    const payload: AiBudgetPayload = { actor: caller.actor, brandId: id };
    return this.mesh.request(BRAND_TASKS.getAiBudget, payload, caller);
  }

  @Put('brands/:id/ai-budget')
  @ApiOperation({ summary: "Set the brand's monthly AI budget in USD (owner only); null removes it" })
  @ApiOkResponse({ type: AiBudgetDto })
  @ApiForbiddenResponse({ description: 'Only owners set the budget' })
  setBudget(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() dto: SetAiBudgetDto): Promise<AiBudget> {
    const payload: SetAiBudgetPayload = { actor: caller.actor, brandId: id, monthlyLimitUsd: dto.monthlyLimitUsd };
    return this.mesh.request(BRAND_TASKS.setAiBudget, payload, caller);
  }
}
