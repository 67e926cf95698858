import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from '../http/fastify-request';
import {
  BRAND_TASKS,
  type BrandRole,
  type Content,
  type ContentPage,
  type ContentVersionList,
  CONTENT_TASKS,
  type GenerateContentInput,
  AgentUnavailableError,
  MeshClient,
  PUBLISHING_TASKS,
  actorReaches,
  roleAtLeast,
} from '@mt/messages';
import { accepted } from '../http/accepted';
import { uuidParam } from '../http/actor';
import { AiRoute, CurrentUser, type CurrentUserInfo } from '../http/current-user';
import { ProblemError } from '../http/problem';
import { ContentDto, ContentVersionListDto, GenerateContentDto, ListContentQuery, UpdateContentDto } from '../dtos/content.dto';
import type { JobAcceptedDto } from '../dtos/job.dto';
import { toPageQuery } from '../dtos/pagination.dto';
import { JobLauncher } from '../services/job-launcher.service';
import { Caller } from '../http/caller';

/** Content, owned by creation-agent: viewers read, editors write; generation is a job. */
@ApiTags('content')
@ApiBearerAuth()
@Controller('content')
export class ContentController {
  constructor(
    private readonly mesh: MeshClient,
    private readonly jobs: JobLauncher,
  ) {}

  @ApiOperation({ summary: 'Write a post with scored variants (a job)' })
  @Post('generate')
  @AiRoute()
  @ApiAcceptedResponse({ description: "{ jobId, status, kind: 'content.generate', links }; the job's result is { contentId, content }" })
  async generate(
    @Caller() caller: Caller,
    @CurrentUser() user: CurrentUserInfo,
    @Body() dto: GenerateContentDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobAcceptedDto> {
    // A job the caller may not run is refused now, not reported as a failed job later.
    await this.requireRole(caller, dto.brandId, 'editor');
    const payload: GenerateContentInput = { actor: caller.actor, ...dto };
    return accepted(res, await this.jobs.launch({ user, brandId: dto.brandId, kind: 'content.generate', taskType: CONTENT_TASKS.generate, payload }));
  }

  @ApiOperation({ summary: 'Posts of a brand, a page at a time' })
  @Get()
  @ApiOkResponse({ description: '{ items: Content[], nextCursor }' })
  async list(@Caller() caller: Caller, @Query() q: ListContentQuery): Promise<ContentPage> {
    const page = await this.mesh.request(
      CONTENT_TASKS.list,
      {
        actor: caller.actor,
        brandId: q.brandId,
        campaignId: q.campaignId,
        status: q.status,
        reviewerId: q.awaiting === 'me' ? caller.actor.userId : undefined,
        page: toPageQuery(q),
      },
      caller,
    );
    return { ...page, items: await this.withMedia(caller, page.items) };
  }

  @ApiOperation({ summary: 'A post with its variants' })
  @Get(':id')
  @ApiOkResponse({ type: ContentDto, description: 'With its versions' })
  async get(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<Content> {
    return this.one(caller, this.mesh.request(CONTENT_TASKS.get, { actor: caller.actor, contentId: id }, caller));
  }

  @ApiOperation({ summary: 'Edit a post' })
  @Patch(':id')
  @ApiOkResponse({ type: ContentDto, description: 'A new version; 422 UNPROCESSABLE with field errors for a banned word or over the platform limit' })
  async update(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() changes: UpdateContentDto): Promise<Content> {
    return this.one(caller, this.mesh.request(CONTENT_TASKS.update, { actor: caller.actor, contentId: id, changes }, caller));
  }

  @ApiOperation({ summary: 'Delete a post' })
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.mesh.request(CONTENT_TASKS.delete, { actor: caller.actor, contentId: id }, caller);
  }

  @ApiOperation({ summary: 'Earlier versions of a post' })
  @Get(':id/versions')
  @ApiOkResponse({ type: ContentVersionListDto, description: '{ items: versions oldest first, nextCursor: null }' })
  versions(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<ContentVersionList> {
    return this.mesh.request(CONTENT_TASKS.versions, { actor: caller.actor, contentId: id }, caller);
  }

  @ApiOperation({ summary: 'Approve a post' })
  @Post(':id/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: ContentDto, description: 'Idempotent: approving approved content answers it unchanged' })
  async approve(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<Content> {
    return this.one(caller, this.mesh.request(CONTENT_TASKS.approve, { actor: caller.actor, contentId: id }, caller));
  }

  @ApiOperation({ summary: 'Choose the variant that is published' })
  @Post(':id/variants/:variantId/select')
  @HttpCode(200)
  @ApiOkResponse({ type: ContentDto, description: "The body becomes the variant's: a new version" })
  async select(
    @Caller() caller: Caller,
    @Param('id', uuidParam()) id: string,
    @Param('variantId', uuidParam('variantId')) variantId: string,
  ): Promise<Content> {
    return this.one(caller, this.mesh.request(CONTENT_TASKS.selectVariant, { actor: caller.actor, contentId: id, variantId }, caller));
  }

  private async one(caller: Caller, answer: Promise<Content>): Promise<Content> {
    const [content] = await this.withMedia(caller, [await answer]);
    return content;
  }

  /**
   * Adds each post's media ids (the HTTP contract: content carries `mediaIds[]`), kept by publishing-agent,
   * in one request per answer. Posts stay readable while publishing-agent is down: the field is
   * then absent rather than wrongly empty (ADR 174). A post with compose-once targets also gets
   * `targets` with each one's status and outcome, asked at the same time (ADR 186).
   */
  private async withMedia(caller: Caller, items: Content[]): Promise<Content[]> {
    if (items.length === 0) return items;
    const contentIds = items.map((c) => c.id);
    const [ids, targets] = await Promise.all([
      this.unlessUnavailable(this.mesh.request(PUBLISHING_TASKS.mediaIdsOfContents, { actor: caller.actor, contentIds }, caller)),
      this.unlessUnavailable(this.mesh.request(PUBLISHING_TASKS.targetsOfContents, { actor: caller.actor, contentIds }, caller)),
    ]);
    return items.map((c) => {
      const withIds = ids ? { ...c, mediaIds: ids[c.id] ?? [] } : c;
      return targets?.[c.id]?.length ? { ...withIds, targets: targets[c.id] } : withIds;
    });
  }

  private async unlessUnavailable<T>(answer: Promise<T>): Promise<T | null> {
    try {
      return await answer;
    } catch (err) {
      if (err instanceof AgentUnavailableError) return null;
      throw err;
    }
  }

  private async requireRole(caller: Caller, brandId: string, needed: BrandRole): Promise<void> {
    const actor = caller.actor;
    // A brand-restricted personal access token reaches only its brands (ADR 117).
    const { role } = actorReaches(actor, brandId) ? await this.mesh.request(BRAND_TASKS.access, { userId: actor.userId, brandId }, caller) : { role: null };
    if (!role) throw new ProblemError('NOT_FOUND', 'No such brand');
    if (!roleAtLeast(role, needed)) throw new ProblemError('FORBIDDEN', `This needs the ${needed} role on the brand; you are ${role}`);
  }
}
