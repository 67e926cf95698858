import { brandAccessMigration, brandProfileMigration } from '@mt/runtime';
import { Campaigns1764200000000 } from './1764200000000-campaigns.migration';

export const STRATEGY_MIGRATIONS = [brandAccessMigration('strategy'), Campaigns1764200000000, brandProfileMigration('strategy')];
