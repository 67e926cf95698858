import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AddCommentPayload,
  AUTH_TASKS,
  BRAND_TASKS,
  type BulkContentPayload,
  type BulkContentResult,
  type Content,
  type ContentComment,
  type ContentCommentList,
  CONTENT_TASKS,
  MeshClient,
  type RequestReviewPayload,
  actorReaches,
  roleAtLeast,
} from '@mt/messages';
import { ContentDto } from '../dtos/content.dto';
import {
  AddCommentDto,
  BulkContentDto,
  BulkContentResultDto,
  BulkScheduleDto,
  ContentCommentDto,
  ContentCommentListDto,
  RequestReviewDto,
} from '../dtos/content-review.dto';
import { uuidParam } from '../http/actor';
import { Caller } from '../http/caller';
import { PublishRoute } from '../http/current-user';
import { ProblemError } from '../http/problem';
import { ContentBulkService } from '../services/content-bulk.service';

/** The team workflow around approval (ADR 142): review requests, comments, bulk actions. */
@ApiTags('content')
@ApiBearerAuth()
@Controller('content')
export class ContentReviewController {
  constructor(
    private readonly mesh: MeshClient,
    private readonly bulkService: ContentBulkService,
  ) {}

  @Post(':id/review-request')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask a named teammate (editor or owner of the brand) to approve this draft; they are notified' })
  @ApiOkResponse({ type: ContentDto, description: 'With reviewRequest; 422 when the reviewer cannot approve; 409 when the post is no longer a draft' })
  async requestReview(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() dto: RequestReviewDto): Promise<Content> {
    const payload: RequestReviewPayload = {
      actor: caller.actor,
      contentId: id,
      reviewerId: dto.reviewerId,
      ...(dto.note !== undefined ? { note: dto.note } : {}),
      ...(await this.nameOf(caller)),
    };
    return this.mesh.request(CONTENT_TASKS.requestReview, payload, caller);
  }

  @Delete(':id/review-request')
  @ApiOperation({ summary: 'Withdraw the open review request' })
  @ApiOkResponse({ type: ContentDto })
  withdrawReview(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<Content> {
    return this.mesh.request(CONTENT_TASKS.withdrawReview, { actor: caller.actor, contentId: id }, caller);
  }

  @ApiOperation({ summary: 'Review comments on a post' })
  @Get(':id/comments')
  @ApiOkResponse({ type: ContentCommentListDto })
  comments(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<ContentCommentList> {
    return this.mesh.request(CONTENT_TASKS.comments, { actor: caller.actor, contentId: id }, caller);
  }

  @Post(':id/comments')
  @ApiOperation({ summary: "Comment on a post (editors and owners); the review request's people and the approver are notified" })
  @ApiCreatedResponse({ type: ContentCommentDto })
  async comment(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() dto: AddCommentDto): Promise<ContentComment> {
    const name = await this.nameOf(caller);
    const payload: AddCommentPayload = {
      actor: caller.actor,
      contentId: id,
      body: dto.body,
      ...(name.requesterName ? { authorName: name.requesterName } : {}),
    };
    return this.mesh.request(CONTENT_TASKS.comment, payload, caller);
  }

  @Post('bulk')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve or delete several posts of one brand; each post is answered on its own' })
  @ApiOkResponse({ type: BulkContentResultDto })
  bulk(@Caller() caller: Caller, @Body() dto: BulkContentDto): Promise<BulkContentResult> {
    const payload: BulkContentPayload = { actor: caller.actor, brandId: dto.brandId, action: dto.action, contentIds: dto.contentIds };
    return this.mesh.request(CONTENT_TASKS.bulk, payload, caller);
  }

  @PublishRoute()
  @Post('bulk/schedule')
  @HttpCode(200)
  @ApiOperation({ summary: 'Schedule several approved posts at one time on the same channels; each post is answered on its own' })
  @ApiOkResponse({ type: BulkContentResultDto })
  async bulkSchedule(@Caller() caller: Caller, @Body() dto: BulkScheduleDto): Promise<BulkContentResult> {
    const actor = caller.actor;
    // A caller who may not schedule for the brand is refused as a whole, before any post.
    const { role } = actorReaches(actor, dto.brandId)
      ? await this.mesh.request(BRAND_TASKS.access, { userId: actor.userId, brandId: dto.brandId }, caller)
      : { role: null };
    if (!role) throw new ProblemError('NOT_FOUND', 'No such brand');
    if (!roleAtLeast(role, 'editor')) throw new ProblemError('FORBIDDEN', `This needs the editor role on the brand; you are ${role}`);
    return this.bulkService.schedule(actor, dto.brandId, dto.contentIds, dto.at, dto.connectionIds, caller.parent);
  }

  /** The caller's name (or email) for the teammates' notifications; none when auth-agent cannot say. */
  private async nameOf(caller: Caller): Promise<{ requesterName?: string }> {
    try {
      const me = await this.mesh.request(AUTH_TASKS.me, { actor: caller.actor }, caller);
      return { requesterName: me.name || me.email };
    } catch {
      return {};
    }
  }
}
