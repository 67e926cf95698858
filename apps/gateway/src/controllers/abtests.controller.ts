import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { type AbTest, MeshClient, PUBLISHING_TASKS } from '@mt/messages';
import { AbTestDto, AbTestListDto, CreateAbTestDto } from '../dtos/abtests.dto';
import { actorOf, traceOf, uuidParam } from '../http/actor';

/** A/B tests of two variants of a piece (publishing-agent): editors start them, viewers follow them. */
@ApiTags('abtests')
@ApiBearerAuth()
@Controller()
export class AbTestsController {
  constructor(private readonly mesh: MeshClient) {}

  @Post('content/:id/abtests')
  @ApiCreatedResponse({ type: AbTestDto })
  create(@Req() req: Request, @Param('id', uuidParam()) id: string, @Body() dto: CreateAbTestDto): Promise<AbTest> {
    return this.mesh.request(
      PUBLISHING_TASKS.createAbTest,
      { actor: actorOf(req), contentId: id, variantIds: dto.variantIds, connectionId: dto.connectionId, at: dto.at },
      { parent: traceOf(req), timeoutMs: 15_000 },
    );
  }

  @Get('content/:id/abtests')
  @ApiOkResponse({ type: AbTestListDto })
  list(@Req() req: Request, @Param('id', uuidParam()) id: string): Promise<{ items: AbTest[]; nextCursor: null }> {
    return this.mesh.request(PUBLISHING_TASKS.listAbTests, { actor: actorOf(req), contentId: id }, { parent: traceOf(req) });
  }

  @Get('abtests/:id')
  @ApiOkResponse({ type: AbTestDto })
  get(@Req() req: Request, @Param('id', uuidParam()) id: string): Promise<AbTest> {
    return this.mesh.request(PUBLISHING_TASKS.getAbTest, { actor: actorOf(req), abTestId: id }, { parent: traceOf(req) });
  }
}
