import { Controller, Get, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { MeshClient, type PlatformInfo, PUBLISHING_TASKS } from '@mt/messages';
import { actorOf, traceOf } from '../http/actor';
import { PlatformDto } from '../dtos/connection.dto';

/** The platform catalogue (publishing-agent): limits, how each connects, whether this server is set up for it. */
@ApiTags('channels')
@ApiBearerAuth()
@Controller('platforms')
export class PlatformsController {
  constructor(private readonly mesh: MeshClient) {}

  @Get()
  @ApiOkResponse({ type: [PlatformDto] })
  list(@Req() req: Request): Promise<PlatformInfo[]> {
    return this.mesh.request(PUBLISHING_TASKS.platforms, { actor: actorOf(req) }, { parent: traceOf(req) });
  }
}
