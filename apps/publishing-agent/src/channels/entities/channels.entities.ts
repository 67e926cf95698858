import { ConnectionEntity } from './connection.entity';
import { OAuthStateEntity } from './oauth-state.entity';

/** Entities of the channels part of publishing-agent. */
export const CHANNEL_ENTITIES: (abstract new (...args: never[]) => unknown)[] = [ConnectionEntity, OAuthStateEntity];
