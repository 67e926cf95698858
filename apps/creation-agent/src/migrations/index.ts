import { brandAccessMigration, brandProfileMigration } from '@mt/runtime';

export const CREATION_MIGRATIONS = [brandAccessMigration('creation'), brandProfileMigration('creation')];
