import { type MediumContext, type MediumOptions, newMediumContext } from '../../../test/support/medium';
import { CREATION_ENTITIES } from '../src/entities';
import { CREATION_MIGRATIONS } from '../src/migrations';

/** creation-agent on a migrated database of its own, for medium tests (test/support/medium.ts). */
export const newCreationMedium = (o: MediumOptions): Promise<MediumContext> =>
  newMediumContext({ agent: 'creation-agent', schema: 'creation', entities: CREATION_ENTITIES, migrations: CREATION_MIGRATIONS }, o);
