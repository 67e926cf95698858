import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CONTENT_TASKS, type DraftReplyInput, type InboxMessage, MeshClient, type MessagePage, PUBLISHING_TASKS } from '@mt/messages';
import { JobAcceptedDto } from '../dtos/job.dto';
import { CreateMessageDto, InboxMessageDto, ListMessagesQuery, MessagePageDto, ReplyDto } from '../dtos/messages.dto';
import { toPageQuery } from '../dtos/pagination.dto';
import { accepted } from '../http/accepted';
import { actorOf, traceOf, uuidParam } from '../http/actor';
import { AiRoute, CurrentUser, type CurrentUserInfo } from '../http/current-user';
import { JobLauncher } from '../services/job-launcher.service';

/** The inbox: publishing-agent stores messages and replies, creation-agent drafts the AI replies. */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('messages')
export class MessagesController {
  constructor(
    private readonly mesh: MeshClient,
    private readonly jobs: JobLauncher,
  ) {}

  @Get()
  @ApiOkResponse({ type: MessagePageDto })
  list(@Req() req: Request, @Query() q: ListMessagesQuery): Promise<MessagePage> {
    return this.mesh.request(
      PUBLISHING_TASKS.listMessages,
      { actor: actorOf(req), brandId: q.brandId, status: q.status, page: toPageQuery(q) },
      { parent: traceOf(req) },
    );
  }

  @Post()
  @ApiCreatedResponse({ type: InboxMessageDto })
  create(@Req() req: Request, @Body() dto: CreateMessageDto): Promise<InboxMessage> {
    return this.mesh.request(PUBLISHING_TASKS.createMessage, { actor: actorOf(req), ...dto }, { parent: traceOf(req) });
  }

  /**
   * An AI reply draft: the message is read first (as an editor: the role is checked before any
   * job exists), then creation-agent drafts it; the draft lands on the message when it is ready.
   */
  @Post(':id/ai-reply')
  @AiRoute()
  @ApiAcceptedResponse({ type: JobAcceptedDto })
  async aiReply(
    @Req() req: Request,
    @CurrentUser() user: CurrentUserInfo,
    @Param('id', uuidParam()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobAcceptedDto> {
    const actor = actorOf(req);
    const message = await this.mesh.request<InboxMessage>(PUBLISHING_TASKS.getMessage, { actor, messageId: id, role: 'editor' }, { parent: traceOf(req) });
    const payload: DraftReplyInput = { actor, brandId: message.brandId, messageId: message.id, channel: message.channel, author: message.author, body: message.body };
    return accepted(res, await this.jobs.launch({ user, brandId: message.brandId, kind: 'inbox.reply', taskType: CONTENT_TASKS.draftReply, payload }));
  }

  /** Records the reply sent; 422 when it uses one of the brand's banned words. */
  @Post(':id/reply')
  @HttpCode(200)
  @ApiOkResponse({ type: InboxMessageDto })
  reply(@Req() req: Request, @Param('id', uuidParam()) id: string, @Body() dto: ReplyDto): Promise<InboxMessage> {
    return this.mesh.request(PUBLISHING_TASKS.sendReply, { actor: actorOf(req), messageId: id, body: dto.body }, { parent: traceOf(req) });
  }
}
