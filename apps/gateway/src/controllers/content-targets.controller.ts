import { Body, Controller, Get, Param, Post, Put, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { type AdaptTargetsInput, CONTENT_TASKS, type ContentTargets, MeshClient, MeshError, PUBLISHING_TASKS } from '@mt/messages';
import { uuidParam } from '../http/actor';
import { accepted } from '../http/accepted';
import { Caller } from '../http/caller';
import { AiRoute, CurrentUser, type CurrentUserInfo } from '../http/current-user';
import type { Response } from '../http/fastify-request';
import { JobAcceptedDto } from '../dtos/job.dto';
import { AdaptTargetsDto, ContentTargetsDto, SetContentTargetsDto } from '../dtos/content-targets.dto';
import { JobLauncher } from '../services/job-launcher.service';
import { requireBrandRole } from './brand-voice.controller';

/**
 * Compose once, publish to many (ADR 186): the connections a post goes to, kept by
 * publishing-agent. Schedule and publish (`POST /content/{id}/schedule|publish`) then place one
 * publication per target.
 */
@ApiTags('content')
@ApiBearerAuth()
@Controller('content')
export class ContentTargetsController {
  constructor(
    private readonly mesh: MeshClient,
    private readonly jobs: JobLauncher,
  ) {}

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

  /**
   * ADR 194: the post's text adapted to each target's platform by the AI task set (a job, on
   * creation-agent); the texts land on the targets as their own bodies, editable through PUT.
   * The post, the caller's role (editor) and the targets are read first, so no job starts for a
   * post the caller cannot change or one without targets.
   */
  @ApiOperation({
    summary: "Adapt the post's text to each target's platform with AI (a job)",
    description:
      "Each target (or those named in connectionIds) gets its own text written from the post's, within its platform's limit with the hashtags it carries; the texts replace the targets' bodies when the job succeeds and stay editable through PUT /content/{id}/targets. 422 NO_TARGETS when the post has none, NOT_A_TARGET for a connection that is not one.",
  })
  @Post(':id/targets/adapt')
  @AiRoute()
  @ApiAcceptedResponse({ type: JobAcceptedDto })
  @ApiUnprocessableEntityResponse({ description: 'NO_TARGETS or NOT_A_TARGET' })
  async adapt(
    @Caller() caller: Caller,
    @CurrentUser() user: CurrentUserInfo,
    @Param('id', uuidParam()) id: string,
    @Body() dto: AdaptTargetsDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobAcceptedDto> {
    const actor = caller.actor;
    const post = await this.mesh.request(CONTENT_TASKS.get, { actor, contentId: id }, caller);
    // Editors and owners only, before anything else is said about the post.
    const [, set] = await Promise.all([
      requireBrandRole(this.mesh, caller, post.brandId, 'editor'),
      this.mesh.request(PUBLISHING_TASKS.contentTargets, { actor, contentId: id }, caller),
    ]);
    if (set.targets.length === 0) {
      throw new MeshError('NO_TARGETS', 'This post has no targets to adapt its text for: choose where it goes first (PUT /content/{id}/targets).', {
        status: 422,
        retryable: false,
      });
    }
    const named = dto.connectionIds?.length ? [...new Set(dto.connectionIds)] : null;
    const stranger = named?.find((c) => !set.targets.some((t) => t.connectionId === c));
    if (stranger) {
      throw new MeshError('NOT_A_TARGET', `Connection ${stranger} is not one of this post's targets.`, {
        status: 422,
        retryable: false,
        details: { errors: [{ field: 'connectionIds', message: `${stranger} is not a target of this post` }] },
      });
    }
    const chosen = named ? set.targets.filter((t) => named.includes(t.connectionId)) : set.targets;
    const payload: AdaptTargetsInput = {
      actor,
      brandId: post.brandId,
      contentId: id,
      targets: chosen.map((t) => ({ connectionId: t.connectionId, platform: t.platform })),
    };
    return accepted(res, await this.jobs.launch({ user, brandId: post.brandId, kind: 'content.targets.adapt', taskType: CONTENT_TASKS.adaptTargets, payload }));
  }
}
