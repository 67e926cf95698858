import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  type CreateMessagePayload,
  type GetMessagePayload,
  type InboundMessagePayload,
  type InboundSecretPayload,
  type ListMessagesPayload,
  OnTask,
  PUBLISHING_TASKS,
  type SendReplyPayload,
  type TaskEnvelope,
} from '@mt/messages';
import { InboxService } from '../services/inbox.service';

@Controller()
export class InboxHandler {
  constructor(private readonly inbox: InboxService) {}

  @OnTask(PUBLISHING_TASKS.listMessages, { query: true })
  list(@Payload() t: TaskEnvelope<ListMessagesPayload>) {
    return this.inbox.list(t.payload.actor, t.payload.brandId, t.payload.status, t.payload.page);
  }

  @OnTask(PUBLISHING_TASKS.createMessage, { manualTransaction: true })
  create(@Payload() t: TaskEnvelope<CreateMessagePayload>) {
    const { actor, brandId, channel, author, body } = t.payload;
    return this.inbox.create(actor, brandId, { channel, author, body });
  }

  @OnTask(PUBLISHING_TASKS.getMessage, { query: true })
  get(@Payload() t: TaskEnvelope<GetMessagePayload>) {
    return this.inbox.get(t.payload.actor, t.payload.messageId, t.payload.role);
  }

  @OnTask(PUBLISHING_TASKS.sendReply, { manualTransaction: true })
  reply(@Payload() t: TaskEnvelope<SendReplyPayload>) {
    return this.inbox.reply(t.payload.actor, t.payload.messageId, t.payload.body);
  }

  @OnTask(PUBLISHING_TASKS.inboundSecret, { manualTransaction: true })
  secret(@Payload() t: TaskEnvelope<InboundSecretPayload>) {
    return this.inbox.mintSecret(t.payload.actor, t.payload.connectionId);
  }

  /** From the public webhook route: the signature is the only credential, checked here. */
  @OnTask(PUBLISHING_TASKS.receiveInbound, { manualTransaction: true })
  inbound(@Payload() t: TaskEnvelope<InboundMessagePayload>) {
    return this.inbox.receiveInbound(t.payload);
  }
}
