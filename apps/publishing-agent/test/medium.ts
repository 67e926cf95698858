import { type MediumContext, type MediumOptions, newMediumContext } from '../../../test/support/medium';
import { PUBLISHING_ENTITIES } from '../src/entities';
import { PUBLISHING_MIGRATIONS } from '../src/migrations';

/** publishing-agent on a migrated database of its own, for medium tests (test/support/medium.ts). */
export const newPublishingMedium = (o: MediumOptions): Promise<MediumContext> =>
  newMediumContext({ agent: 'publishing-agent', schema: 'publishing', entities: PUBLISHING_ENTITIES, migrations: PUBLISHING_MIGRATIONS }, o);
