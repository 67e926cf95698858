import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  type BrandAccess,
  BRAND_TASKS,
  type BrandRole,
  type Content,
  type ContentPage,
  type ContentVersionList,
  CONTENT_TASKS,
  type GenerateContentInput,
  MeshClient,
  roleAtLeast,
} from '@mt/messages';
import { accepted } from '../http/accepted';
import { actorOf, traceOf, uuidParam } from '../http/actor';
import { AiRoute, CurrentUser, type CurrentUserInfo } from '../http/current-user';
import { ProblemError } from '../http/problem';
import { ContentDto, ContentVersionListDto, GenerateContentDto, ListContentQuery, UpdateContentDto } from '../dtos/content.dto';
import type { JobAcceptedDto } from '../dtos/job.dto';
import { toPageQuery } from '../dtos/pagination.dto';
import { JobLauncher } from '../services/job-launcher.service';

/** Content, owned by creation-agent: viewers read, editors write; generation is a job. */
@ApiTags('content')
@ApiBearerAuth()
@Controller('content')
export class ContentController {
  constructor(
    private readonly mesh: MeshClient,
    private readonly jobs: JobLauncher,
  ) {}

  @Post('generate')
  @AiRoute()
  @ApiAcceptedResponse({ description: "{ jobId, status, kind: 'content.generate', links }; the job's result is { contentId, content }" })
  async generate(
    @Req() req: Request,
    @CurrentUser() user: CurrentUserInfo,
    @Body() dto: GenerateContentDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobAcceptedDto> {
    // A job the caller may not run is refused now, not reported as a failed job later.
    await this.requireRole(req, dto.brandId, 'editor');
    const payload: GenerateContentInput = { actor: actorOf(req), ...dto };
    return accepted(res, await this.jobs.launch({ user, brandId: dto.brandId, kind: 'content.generate', taskType: CONTENT_TASKS.generate, payload }));
  }

  @Get()
  @ApiOkResponse({ description: '{ items: Content[], nextCursor }' })
  list(@Req() req: Request, @Query() q: ListContentQuery): Promise<ContentPage> {
    return this.mesh.request(
      CONTENT_TASKS.list,
      { actor: actorOf(req), brandId: q.brandId, campaignId: q.campaignId, status: q.status, page: toPageQuery(q) },
      { parent: traceOf(req) },
    );
  }

  @Get(':id')
  @ApiOkResponse({ type: ContentDto, description: 'With its versions' })
  get(@Req() req: Request, @Param('id', uuidParam()) id: string): Promise<Content> {
    return this.mesh.request(CONTENT_TASKS.get, { actor: actorOf(req), contentId: id }, { parent: traceOf(req) });
  }

  @Patch(':id')
  @ApiOkResponse({ type: ContentDto, description: 'A new version; 422 UNPROCESSABLE with field errors for a banned word or over the platform limit' })
  update(@Req() req: Request, @Param('id', uuidParam()) id: string, @Body() changes: UpdateContentDto): Promise<Content> {
    return this.mesh.request(CONTENT_TASKS.update, { actor: actorOf(req), contentId: id, changes }, { parent: traceOf(req) });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Req() req: Request, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.mesh.request(CONTENT_TASKS.delete, { actor: actorOf(req), contentId: id }, { parent: traceOf(req) });
  }

  @Get(':id/versions')
  @ApiOkResponse({ type: ContentVersionListDto, description: '{ items: versions oldest first, nextCursor: null }' })
  versions(@Req() req: Request, @Param('id', uuidParam()) id: string): Promise<ContentVersionList> {
    return this.mesh.request(CONTENT_TASKS.versions, { actor: actorOf(req), contentId: id }, { parent: traceOf(req) });
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: ContentDto, description: 'Idempotent: approving approved content answers it unchanged' })
  approve(@Req() req: Request, @Param('id', uuidParam()) id: string): Promise<Content> {
    return this.mesh.request(CONTENT_TASKS.approve, { actor: actorOf(req), contentId: id }, { parent: traceOf(req) });
  }

  @Post(':id/variants/:variantId/select')
  @HttpCode(200)
  @ApiOkResponse({ type: ContentDto, description: "The body becomes the variant's: a new version" })
  select(
    @Req() req: Request,
    @Param('id', uuidParam()) id: string,
    @Param('variantId', uuidParam('variantId')) variantId: string,
  ): Promise<Content> {
    return this.mesh.request(CONTENT_TASKS.selectVariant, { actor: actorOf(req), contentId: id, variantId }, { parent: traceOf(req) });
  }

  private async requireRole(req: Request, brandId: string, needed: BrandRole): Promise<void> {
    const { role } = await this.mesh.request<BrandAccess>(BRAND_TASKS.access, { userId: actorOf(req).userId, brandId }, { parent: traceOf(req) });
    if (!role) throw new ProblemError('NOT_FOUND', 'No such brand');
    if (!roleAtLeast(role, needed)) throw new ProblemError('FORBIDDEN', `This needs the ${needed} role on the brand; you are ${role}`);
  }
}
