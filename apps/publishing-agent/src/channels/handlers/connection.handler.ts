import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  type CreateConnectionPayload,
  type DeleteConnectionPayload,
  type ListBoardsPayload,
  type ListConnectionsPayload,
  type ListPlatformsPayload,
  type OAuthCallbackPayload,
  type OAuthStartPayload,
  OnTask,
  PUBLISHING_TASKS,
  type TaskEnvelope,
  type UpdateConnectionPayload,
} from '@mt/messages';
import { BoardService } from '../services/board.service';
import { ConnectionService } from '../services/connection.service';
import { OAuthService } from '../services/oauth.service';

/** Commands check brand access and ask the platform before they open a transaction. */
@Controller()
export class ConnectionHandler {
  constructor(
    private readonly connections: ConnectionService,
    private readonly oauth: OAuthService,
    private readonly boards: BoardService,
  ) {}

  @OnTask(PUBLISHING_TASKS.platforms, { query: true })
  platforms(@Payload() _t: TaskEnvelope<ListPlatformsPayload>) {
    return this.connections.platforms();
  }

  @OnTask(PUBLISHING_TASKS.listConnections, { query: true })
  list(@Payload() t: TaskEnvelope<ListConnectionsPayload>) {
    return this.connections.list(t.payload.actor, t.payload.brandId, t.payload.page.limit, t.payload.page.cursor);
  }

  @OnTask(PUBLISHING_TASKS.createConnection, { manualTransaction: true })
  create(@Payload() t: TaskEnvelope<CreateConnectionPayload>) {
    return this.connections.create(t.payload);
  }

  @OnTask(PUBLISHING_TASKS.deleteConnection, { manualTransaction: true })
  remove(@Payload() t: TaskEnvelope<DeleteConnectionPayload>) {
    return this.connections.remove(t.payload.actor, t.payload.connectionId);
  }

  @OnTask(PUBLISHING_TASKS.updateConnection, { manualTransaction: true })
  update(@Payload() t: TaskEnvelope<UpdateConnectionPayload>) {
    return this.boards.update(t.payload);
  }

  @OnTask(PUBLISHING_TASKS.listBoards, { manualTransaction: true })
  listBoards(@Payload() t: TaskEnvelope<ListBoardsPayload>) {
    return this.boards.list(t.payload.actor, t.payload.connectionId);
  }

  @OnTask(PUBLISHING_TASKS.oauthStart, { manualTransaction: true })
  oauthStart(@Payload() t: TaskEnvelope<OAuthStartPayload>) {
    return this.oauth.start(t.payload.actor, t.payload.brandId, t.payload.platform);
  }

  @OnTask(PUBLISHING_TASKS.oauthCallback, { manualTransaction: true })
  oauthCallback(@Payload() t: TaskEnvelope<OAuthCallbackPayload>) {
    return this.oauth.callback(t.payload);
  }
}
