import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AddToQueueResult,
  MeshClient,
  PUBLISHING_TASKS,
  type QueueSlots,
  type QueueSuggestions,
  type QueueView,
  type RemoveFromQueueResult,
} from '@mt/messages';
import { uuidParam } from '../http/actor';
import { PublishRoute } from '../http/current-user';
import { ProblemError } from '../http/problem';
import {
  AddToQueueDto,
  AddToQueueResultDto,
  QueueSlotsDto,
  QueueSlotsViewDto,
  QueueSuggestionsDto,
  QueueViewDto,
  RemoveFromQueueQuery,
  RemoveFromQueueResultDto,
} from '../dtos/queue.dto';
import { Caller } from '../http/caller';

/**
 * Posting queues, owned by publishing-agent (ADR 147): a connection's weekly slots (editors and
 * owners set them, viewers read), and approved posts added to the next free slot. A queued post is
 * a schedule item: it shows in GET /schedule and publishes like any other.
 */
@ApiTags('queue')
@ApiBearerAuth()
@Controller()
export class QueueController {
  constructor(private readonly mesh: MeshClient) {}

  @ApiOperation({ summary: "The connection's weekly posting slots" })
  @Get('connections/:id/queue/slots')
  @ApiOkResponse({ type: QueueSlotsViewDto })
  slots(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<QueueSlots> {
    return this.mesh.request(PUBLISHING_TASKS.queueSlots, { actor: caller.actor, connectionId: id }, caller);
  }

  @ApiOperation({ summary: "Set the connection's weekly posting slots" })
  @Put('connections/:id/queue/slots')
  @ApiOkResponse({ type: QueueViewDto, description: 'the slots saved and the queue laid on them again' })
  @ApiConflictResponse({ description: 'QUEUE_FULL: the queued posts would not all find a slot' })
  updateSlots(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() dto: QueueSlotsDto): Promise<QueueView> {
    return this.mesh.request(PUBLISHING_TASKS.updateQueueSlots, { actor: caller.actor, connectionId: id, slots: dto.slots }, caller);
  }

  @ApiOperation({ summary: "The connection's queue: slots and queued posts in order" })
  @Get('connections/:id/queue')
  @ApiOkResponse({ type: QueueViewDto, description: 'the slots and the queued posts in order, with their slot times' })
  list(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<QueueView> {
    return this.mesh.request(PUBLISHING_TASKS.listQueue, { actor: caller.actor, connectionId: id }, caller);
  }

  /** The same as PUT …/queue/slots, at the address the API contract first named. */
  @ApiOperation({ summary: "Set the connection's weekly posting slots (same as PUT …/queue/slots)" })
  @Put('connections/:id/queue')
  @ApiOkResponse({ type: QueueViewDto, description: 'the slots saved and the queue laid on them again (same as PUT …/queue/slots)' })
  @ApiConflictResponse({ description: 'QUEUE_FULL: the queued posts would not all find a slot' })
  updateQueue(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() dto: QueueSlotsDto): Promise<QueueView> {
    return this.updateSlots(caller, id, dto);
  }

  @ApiOperation({ summary: "Best times to post, from the brand's measured posts" })
  @Get('connections/:id/queue/suggestions')
  @ApiOkResponse({ type: QueueSuggestionsDto, description: "best weekly times from the brand's measured posts on this platform; none without enough data" })
  suggestions(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<QueueSuggestions> {
    return this.mesh.request(PUBLISHING_TASKS.queueSuggestions, { actor: caller.actor, connectionId: id }, caller);
  }

  @PublishRoute()
  @ApiOperation({ summary: 'Add a post to the next free slot of a queue' })
  @Post('content/:id/queue')
  @ApiCreatedResponse({ type: AddToQueueResultDto, description: "the post on the next free slot of each connection's queue" })
  @ApiConflictResponse({ description: 'CONTENT_NOT_APPROVED, QUEUE_HAS_NO_SLOTS, QUEUE_FULL or ALREADY_PUBLISHING' })
  add(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() dto: AddToQueueDto): Promise<AddToQueueResult> {
    if (dto.connectionId !== undefined && dto.connectionIds !== undefined) {
      throw new ProblemError('VALIDATION_FAILED', 'Give connectionId or connectionIds, not both.', {
        errors: [{ field: 'connectionIds', message: 'not allowed together with connectionId' }],
      });
    }
    const connectionIds = dto.connectionIds ?? (dto.connectionId !== undefined ? [dto.connectionId] : []);
    return this.mesh.request(PUBLISHING_TASKS.addToQueue, { actor: caller.actor, contentId: id, connectionIds }, caller);
  }

  @PublishRoute()
  @ApiOperation({ summary: 'Take a post out of a queue' })
  @Delete('content/:id/queue')
  @ApiOkResponse({ type: RemoveFromQueueResultDto, description: 'the post taken out of its queues; the later posts move up' })
  remove(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Query() q: RemoveFromQueueQuery): Promise<RemoveFromQueueResult> {
    return this.mesh.request(PUBLISHING_TASKS.removeFromQueue, { actor: caller.actor, contentId: id, connectionId: q.connectionId }, caller);
  }
}
