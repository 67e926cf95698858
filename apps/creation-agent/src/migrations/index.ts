import { brandAccessMigration, brandProfileMigration } from '@mt/runtime';
import { Content1764300000000 } from './1764300000000-content.migration';

export const CREATION_MIGRATIONS = [brandAccessMigration('creation'), brandProfileMigration('creation'), Content1764300000000];
