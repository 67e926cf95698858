import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type ContentTargets, MeshClient, PUBLISHING_TASKS } from '@mt/messages';
import { uuidParam } from '../http/actor';
import { Caller } from '../http/caller';
import { ContentTargetsDto, SetContentTargetsDto } from '../dtos/content-targets.dto';

/**
 * Compose once, publish to many (ADR 186): the connections a post goes to, kept by
 * publishing-agent. Schedule and publish (`POST /content/{id}/schedule|publish`) then place one
 * publication per target.
 */
@ApiTags('content')
@ApiBearerAuth()
@Controller('content')
export class ContentTargetsController {
  constructor(private readonly mesh: MeshClient) {}

  @ApiOperation({
    summary: 'Set the connections a post goes to, each with its own text, media and time',
    description:
      "Replaces the whole set; checked before anything is kept: the brand's connections, each once (422 DUPLICATE_TARGET, CONNECTION_NOT_FOUND), each text within its platform's limit (422 TARGET_TEXT_TOO_LONG), the media each platform takes (422 MEDIA_NOT_ALLOWED). Approval covers the set: an approved post answers 409 CONTENT_APPROVED until it is edited back to a draft.",
  })
  @Put(':id/targets')
  @ApiOkResponse({ type: ContentTargetsDto })
  set(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() dto: SetContentTargetsDto): Promise<ContentTargets> {
    return this.mesh.request(PUBLISHING_TASKS.setTargets, { actor: caller.actor, contentId: id, targets: dto.targets }, caller);
  }

  @ApiOperation({ summary: "A post's targets, each with its status and outcome (published URL or the platform's error)" })
  @Get(':id/targets')
  @ApiOkResponse({ type: ContentTargetsDto })
  list(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<ContentTargets> {
    return this.mesh.request(PUBLISHING_TASKS.contentTargets, { actor: caller.actor, contentId: id }, caller);
  }
}
