import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from '../http/fastify-request';
import { CONTENT_TASKS, type DraftReplyInput, type InboxMessage, MeshClient, type MessagePage, PUBLISHING_TASKS } from '@mt/messages';
import { JobAcceptedDto } from '../dtos/job.dto';
import { CreateMessageDto, InboxMessageDto, ListMessagesQuery, MessagePageDto, ReplyDto } from '../dtos/messages.dto';
import { toPageQuery } from '../dtos/pagination.dto';
import { accepted } from '../http/accepted';
import { uuidParam } from '../http/actor';
import { AiRoute, CurrentUser, type CurrentUserInfo } from '../http/current-user';
import { JobLauncher } from '../services/job-launcher.service';
import { Caller } from '../http/caller';

/** The inbox: publishing-agent stores messages and replies, creation-agent drafts the AI replies. */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('messages')
export class MessagesController {
  constructor(
    private readonly mesh: MeshClient,
    private readonly jobs: JobLauncher,
  ) {}

  @ApiOperation({ summary: 'Customer messages of a brand (the inbox)' })
  @Get()
  @ApiOkResponse({ type: MessagePageDto })
  list(@Caller() caller: Caller, @Query() q: ListMessagesQuery): Promise<MessagePage> {
    return this.mesh.request(PUBLISHING_TASKS.listMessages, { actor: caller.actor, brandId: q.brandId, status: q.status, page: toPageQuery(q) }, caller);
  }

  @ApiOperation({ summary: 'Add a customer message to the inbox' })
  @Post()
  @ApiCreatedResponse({ type: InboxMessageDto })
  create(@Caller() caller: Caller, @Body() dto: CreateMessageDto): Promise<InboxMessage> {
    return this.mesh.request(PUBLISHING_TASKS.createMessage, { actor: caller.actor, ...dto }, caller);
  }

  /**
   * An AI reply draft: the message is read first (as an editor: the role is checked before any
   * job exists), then creation-agent drafts it; the draft lands on the message when it is ready.
   */
  @ApiOperation({ summary: 'Draft a reply with AI (a job)' })
  @Post(':id/ai-reply')
  @AiRoute()
  @ApiAcceptedResponse({ type: JobAcceptedDto })
  async aiReply(
    @Caller() caller: Caller,
    @CurrentUser() user: CurrentUserInfo,
    @Param('id', uuidParam()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobAcceptedDto> {
    const actor = caller.actor;
    const message = await this.mesh.request(PUBLISHING_TASKS.getMessage, { actor, messageId: id, role: 'editor' }, caller);
    const payload: DraftReplyInput = {
      actor,
      brandId: message.brandId,
      messageId: message.id,
      channel: message.channel,
      author: message.author,
      body: message.body,
    };
    return accepted(res, await this.jobs.launch({ user, brandId: message.brandId, kind: 'inbox.reply', taskType: CONTENT_TASKS.draftReply, payload }));
  }

  /** Records the reply sent; 422 when it uses one of the brand's banned words. */
  @ApiOperation({ summary: 'Reply to a customer message' })
  @Post(':id/reply')
  @HttpCode(200)
  @ApiOkResponse({ type: InboxMessageDto })
  reply(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() dto: ReplyDto): Promise<InboxMessage> {
    return this.mesh.request(PUBLISHING_TASKS.sendReply, { actor: caller.actor, messageId: id, body: dto.body }, caller);
  }
}
