import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CAMPAIGN_TASKS, MeshClient, type RecommendationList } from '@mt/messages';
import { uuidParam } from '../http/actor';
import { RecommendationListDto } from '../dtos/insights.dto';
import { Caller } from '../http/caller';

/** What the brand has not talked about lately, ranked (strategy-agent). */
@ApiTags('recommendations')
@ApiBearerAuth()
@Controller('brands')
export class RecommendationsController {
  constructor(private readonly mesh: MeshClient) {}

  @ApiOperation({ summary: "What to do next, from the brand's insights" })
  @Get(':id/recommendations')
  @ApiOkResponse({ type: RecommendationListDto })
  list(@Caller() caller: Caller, @Param('id', uuidParam()) brandId: string): Promise<RecommendationList> {
    return this.mesh.request(CAMPAIGN_TASKS.recommendations, { actor: caller.actor, brandId }, caller);
  }
}
