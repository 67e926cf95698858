import { type MediumContext, type MediumOptions, newMediumContext } from '../../../test/support/medium';
import { BRAND_ENTITIES } from '../src/entities';
import { BRAND_MIGRATIONS } from '../src/migrations';

/** brand-agent on a migrated database of its own, for medium tests (test/support/medium.ts). */
export const newBrandMedium = (o: MediumOptions): Promise<MediumContext> =>
  newMediumContext({ agent: 'brand-agent', schema: 'brand', entities: BRAND_ENTITIES, migrations: BRAND_MIGRATIONS }, o);
