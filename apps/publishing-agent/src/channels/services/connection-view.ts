import type { Connection } from '@mt/messages';
import type { ConnectionEntity } from '../entities/connection.entity';

/** The public face of a connection: never its credentials, nor its config (it may hold private URLs). */
export function toConnection(e: ConnectionEntity): Connection {
  return {
    id: e.id,
    brandId: e.brandId,
    platform: e.platform,
    displayName: e.displayName,
    status: e.status,
    statusReason: e.statusReason,
    accountId: e.accountId,
    expiresAt: e.expiresAt ? e.expiresAt.toISOString() : null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}
