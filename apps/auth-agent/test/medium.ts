import { type MediumContext, type MediumOptions, newMediumContext } from '../../../test/support/medium';
import { AUTH_ENTITIES } from '../src/entities';
import { AUTH_MIGRATIONS } from '../src/migrations';

/** auth-agent on a migrated database of its own, for medium tests (test/support/medium.ts). */
export const newAuthMedium = (o: MediumOptions): Promise<MediumContext> =>
  newMediumContext({ agent: 'auth-agent', schema: 'auth', entities: AUTH_ENTITIES, migrations: AUTH_MIGRATIONS }, o);
