import { Injectable } from '@nestjs/common';
import { type Actor, type BoardList, checkedByShape, type Connection, MeshError, type UpdateConnectionPayload, UpdateConnectionShape } from '@mt/messages';
import type { ConnectionEntity } from '../entities/connection.entity';
import { type BoardChannelProvider, type ChannelContext, isBoardProvider, type PlatformBoard } from '../providers/channel-provider';
import { ChannelRegistry } from '../providers/channel-registry';
import { connectError } from './connection-errors';
import { ConnectionService } from './connection.service';
import { ConnectionStore } from './connection-store.service';
import { TokenRefreshService } from './token-refresh.service';

/**
 * The board a connection pins to (Pinterest, ADR 207): members who can read the brand list the
 * account's boards; editors choose one that is not secret. Pinterest is asked before the
 * transaction, which only writes the choice.
 */
@Injectable()
export class BoardService {
  constructor(
    private readonly connections: ConnectionService,
    private readonly store: ConnectionStore,
    private readonly registry: ChannelRegistry,
    private readonly tokens: TokenRefreshService,
  ) {}

  async list(actor: Actor, connectionId: string): Promise<BoardList> {
    const e = await this.connections.load(actor, connectionId, 'viewer');
    const { ctx, boards } = await this.read(e);
    return { items: boards.map((b) => ({ ...b, selectable: b.privacy !== 'SECRET', selected: b.id === ctx.config.boardId })), nextCursor: null };
  }

  async update(p: UpdateConnectionPayload): Promise<Connection> {
    const e = await this.connections.load(p.actor, p.connectionId, 'editor');
    const { config } = checkedByShape(UpdateConnectionShape, { config: p.config });
    const { provider, ctx, boards } = await this.read(e);
    const board = boards.find((b) => b.id === config.boardId);
    if (!board)
      throw boardRefusal('UNKNOWN_BOARD', `${config.boardId} is not one of the account's boards on Pinterest: choose one from GET /connections/${e.id}/boards`);
    if (board.privacy === 'SECRET')
      throw boardRefusal('SECRET_BOARD', `“${board.name}” is a secret board: no one would see its Pins. Choose a public or protected board.`);
    const next = provider.withBoard(ctx, e.displayName, board);
    const saved = await this.store.reconfigure(e.id, e.config ?? {}, next.config, next.displayName);
    if (!saved) throw new MeshError('CONFLICT', 'The connection changed while the board was being chosen: read its boards again', { status: 409 });
    return saved;
  }

  /** The provider and the account's boards, read with fresh credentials. */
  private async read(e: ConnectionEntity): Promise<{ provider: BoardChannelProvider; ctx: ChannelContext; boards: PlatformBoard[] }> {
    const provider = this.registry.get(e.platform);
    if (!isBoardProvider(provider))
      throw new MeshError('BOARDS_NOT_SUPPORTED', `${provider.limits().label} posts to the account itself: only a Pinterest connection pins to a board`, {
        status: 422,
      });
    if (e.status === 'needs_reconnect')
      throw new MeshError('NEEDS_RECONNECT', e.statusReason ?? 'Reconnect this channel in Channels before choosing its board', { status: 409 });
    try {
      const ctx = await this.tokens.ensureFresh(e);
      return { provider, ctx, boards: await provider.boards(ctx) };
    } catch (err) {
      throw connectError(err, provider.limits().label);
    }
  }
}

const boardRefusal = (code: 'UNKNOWN_BOARD' | 'SECRET_BOARD', message: string) =>
  new MeshError(code, message, { status: 422, details: { errors: [{ field: 'config.boardId', message }] } });
