import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  type AddToQueuePayload,
  OnTask,
  PUBLISHING_TASKS,
  type QueueSlotsPayload,
  type RemoveFromQueuePayload,
  type TaskEnvelope,
  type UpdateQueueSlotsPayload,
} from '@mt/messages';
import { QueueService } from '../services/queue.service';

/** Posting queues (ADR 147). Commands check access and ask the channels part about connections before their transaction. */
@Controller()
export class QueueHandler {
  constructor(private readonly queue: QueueService) {}

  @OnTask(PUBLISHING_TASKS.queueSlots, { query: true })
  slots(@Payload() t: TaskEnvelope<QueueSlotsPayload>) {
    return this.queue.slots(t.payload.actor, t.payload.connectionId);
  }

  @OnTask(PUBLISHING_TASKS.updateQueueSlots, { manualTransaction: true })
  updateSlots(@Payload() t: TaskEnvelope<UpdateQueueSlotsPayload>) {
    return this.queue.updateSlots(t.payload.actor, t.payload.connectionId, t.payload.slots);
  }

  @OnTask(PUBLISHING_TASKS.listQueue, { query: true })
  list(@Payload() t: TaskEnvelope<QueueSlotsPayload>) {
    return this.queue.list(t.payload.actor, t.payload.connectionId);
  }

  @OnTask(PUBLISHING_TASKS.addToQueue, { manualTransaction: true })
  add(@Payload() t: TaskEnvelope<AddToQueuePayload>) {
    return this.queue.add(t.payload.actor, t.payload.contentId, t.payload.connectionIds);
  }

  @OnTask(PUBLISHING_TASKS.removeFromQueue, { manualTransaction: true })
  remove(@Payload() t: TaskEnvelope<RemoveFromQueuePayload>) {
    return this.queue.remove(t.payload.actor, t.payload.contentId, t.payload.connectionId);
  }
}
