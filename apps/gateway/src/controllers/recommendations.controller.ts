import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CAMPAIGN_TASKS, MeshClient, type RecommendationList } from '@mt/messages';
import { actorOf, traceOf, uuidParam } from '../http/actor';
import { RecommendationListDto } from '../dtos/insights.dto';

/** What the brand has not talked about lately, ranked (strategy-agent). */
@ApiTags('recommendations')
@ApiBearerAuth()
@Controller('brands')
export class RecommendationsController {
  constructor(private readonly mesh: MeshClient) {}

  @Get(':id/recommendations')
  @ApiOkResponse({ type: RecommendationListDto })
  list(@Req() req: Request, @Param('id', uuidParam()) brandId: string): Promise<RecommendationList> {
    return this.mesh.request(CAMPAIGN_TASKS.recommendations, { actor: actorOf(req), brandId }, { parent: traceOf(req) });
  }
}
