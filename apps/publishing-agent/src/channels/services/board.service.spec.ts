import type { Actor } from '@mt/messages';
import type { ConnectionEntity } from '../entities/connection.entity';
import type { BoardChannelProvider, ChannelContext, PlatformBoard } from '../providers/channel-provider';
import type { ChannelRegistry } from '../providers/channel-registry';
import { BoardService } from './board.service';
import type { ConnectionService } from './connection.service';
import type { ConnectionStore } from './connection-store.service';
import type { TokenRefreshService } from './token-refresh.service';

const actor: Actor = { userId: 'u1' } as Actor;
const BOARDS: PlatformBoard[] = [
  { id: 'b1', name: 'Secret plans', privacy: 'SECRET' },
  { id: 'b2', name: 'Coffee at home', privacy: 'PUBLIC' },
  { id: 'b3', name: 'Latte art', privacy: 'PUBLIC' },
];

function setup(over: { status?: ConnectionEntity['status']; platform?: string; saved?: boolean } = {}) {
  const config = { username: 'acmecoffee', boardId: 'b2', boardName: 'Coffee at home' };
  const entity = {
    id: 'c1',
    brandId: 'brand',
    platform: over.platform ?? 'pinterest',
    displayName: 'acmecoffee · Coffee at home',
    status: over.status ?? 'active',
    statusReason: over.status === 'needs_reconnect' ? 'Pinterest refused the token. Reconnect it in Channels.' : null,
    config,
  } as Partial<ConnectionEntity> as ConnectionEntity;
  const ctx: ChannelContext = { connectionId: 'c1', credentials: { accessToken: 't' }, config, accountId: '1' };
  const boards = jest.fn(async () => BOARDS);
  const pinterest = {
    boards,
    withBoard: (_c: ChannelContext, _n: string, b: PlatformBoard) => ({
      config: { ...config, boardId: b.id, boardName: b.name },
      displayName: `acmecoffee · ${b.name}`,
    }),
    limits: () => ({ label: 'Pinterest' }),
  } as unknown as BoardChannelProvider;
  const webhook = { limits: () => ({ label: 'Webhook' }) };
  const reconfigure = jest.fn(async () => (over.saved === false ? null : { id: 'c1', displayName: 'acmecoffee · Latte art' }));
  const service = new BoardService(
    { load: jest.fn(async () => entity) } as unknown as ConnectionService,
    { reconfigure } as unknown as ConnectionStore,
    { get: (p: string) => (p === 'pinterest' ? pinterest : webhook) } as unknown as ChannelRegistry,
    { ensureFresh: jest.fn(async () => ctx) } as unknown as TokenRefreshService,
  );
  return { service, boards, reconfigure };
}

describe('BoardService', () => {
  it('saves the chosen board with the config it was checked against', async () => {
    const { service, reconfigure } = setup();
    await expect(service.update({ actor, connectionId: 'c1', config: { boardId: 'b3' } })).resolves.toMatchObject({ displayName: 'acmecoffee · Latte art' });
    expect(reconfigure).toHaveBeenCalledWith(
      'c1',
      { username: 'acmecoffee', boardId: 'b2', boardName: 'Coffee at home' },
      { username: 'acmecoffee', boardId: 'b3', boardName: 'Latte art' },
      'acmecoffee · Latte art',
    );
  });

  it('answers a conflict when the connection changed (a reconnect) between the check and the write', async () => {
    const { service } = setup({ saved: false });
    await expect(service.update({ actor, connectionId: 'c1', config: { boardId: 'b3' } })).rejects.toMatchObject({ code: 'CONFLICT', status: 409 });
  });

  it('asks Pinterest nothing for a connection waiting to be reconnected, and says to reconnect it', async () => {
    const { service, boards } = setup({ status: 'needs_reconnect' });
    await expect(service.list(actor, 'c1')).rejects.toMatchObject({ code: 'NEEDS_RECONNECT', status: 409, message: expect.stringContaining('Reconnect') });
    expect(boards).not.toHaveBeenCalled();
  });

  it('refuses a secret board and one the account does not have, writing nothing', async () => {
    const { service, reconfigure } = setup();
    await expect(service.update({ actor, connectionId: 'c1', config: { boardId: 'b1' } })).rejects.toMatchObject({ code: 'SECRET_BOARD', status: 422 });
    await expect(service.update({ actor, connectionId: 'c1', config: { boardId: 'b9' } })).rejects.toMatchObject({ code: 'UNKNOWN_BOARD', status: 422 });
    expect(reconfigure).not.toHaveBeenCalled();
  });

  it('answers BOARDS_NOT_SUPPORTED for a platform without boards', async () => {
    const { service } = setup({ platform: 'webhook' });
    await expect(service.list(actor, 'c1')).rejects.toMatchObject({ code: 'BOARDS_NOT_SUPPORTED', status: 422 });
  });
});
