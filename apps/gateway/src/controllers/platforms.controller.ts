import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MeshClient, type PlatformInfo, PUBLISHING_TASKS } from '@mt/messages';
import { PlatformDto } from '../dtos/connection.dto';
import { Caller } from '../http/caller';

/** The platform catalogue (publishing-agent): limits, how each connects, whether this server is set up for it. */
@ApiTags('channels')
@ApiBearerAuth()
@Controller('platforms')
export class PlatformsController {
  constructor(private readonly mesh: MeshClient) {}

  @ApiOperation({ summary: 'The platforms posts can go to, with their limits' })
  @Get()
  @ApiOkResponse({ type: [PlatformDto] })
  list(@Caller() caller: Caller): Promise<PlatformInfo[]> {
    return this.mesh.request(PUBLISHING_TASKS.platforms, { actor: caller.actor }, caller);
  }
}
