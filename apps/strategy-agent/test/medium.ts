import { type MediumContext, type MediumOptions, newMediumContext } from '../../../test/support/medium';
import { STRATEGY_ENTITIES } from '../src/entities';
import { STRATEGY_MIGRATIONS } from '../src/migrations';

/** strategy-agent on a migrated database of its own, for medium tests (test/support/medium.ts). */
export const newStrategyMedium = (o: MediumOptions): Promise<MediumContext> =>
  newMediumContext({ agent: 'strategy-agent', schema: 'strategy', entities: STRATEGY_ENTITIES, migrations: STRATEGY_MIGRATIONS }, o);
