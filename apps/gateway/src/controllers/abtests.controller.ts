import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { PublishRoute } from '../http/current-user';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AbTest, MeshClient, PUBLISHING_TASKS } from '@mt/messages';
import { AbTestDto, AbTestListDto, CreateAbTestDto } from '../dtos/abtests.dto';
import { uuidParam } from '../http/actor';
import { Caller } from '../http/caller';

/** A/B tests of two variants of a piece (publishing-agent): editors start them, viewers follow them. */
@ApiTags('abtests')
@ApiBearerAuth()
@Controller()
export class AbTestsController {
  constructor(private readonly mesh: MeshClient) {}

  @PublishRoute()
  @ApiOperation({ summary: 'Start an A/B test of two variants' })
  @Post('content/:id/abtests')
  @ApiCreatedResponse({ type: AbTestDto })
  create(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() dto: CreateAbTestDto): Promise<AbTest> {
    return this.mesh.request(
      PUBLISHING_TASKS.createAbTest,
      { actor: caller.actor, contentId: id, variantIds: dto.variantIds, connectionId: dto.connectionId, at: dto.at },
      { parent: caller.parent, timeoutMs: 15_000 },
    );
  }

  @ApiOperation({ summary: "A post's A/B tests" })
  @Get('content/:id/abtests')
  @ApiOkResponse({ type: AbTestListDto })
  list(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<{ items: AbTest[]; nextCursor: null }> {
    return this.mesh.request(PUBLISHING_TASKS.listAbTests, { actor: caller.actor, contentId: id }, caller);
  }

  @ApiOperation({ summary: "An A/B test with each variant's chance of winning" })
  @Get('abtests/:id')
  @ApiOkResponse({ type: AbTestDto })
  get(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<AbTest> {
    return this.mesh.request(PUBLISHING_TASKS.getAbTest, { actor: caller.actor, abTestId: id }, caller);
  }
}
