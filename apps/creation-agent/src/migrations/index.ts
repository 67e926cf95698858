import { brandAccessMigration, brandProfileMigration, brandReplicasRenameMigration } from '@mt/replicas';
import { Content1764300000000 } from './1764300000000-content.migration';
import { ReviewAndComments1764950000000 } from './1764950000000-review-and-comments.migration';

export const CREATION_MIGRATIONS = [brandAccessMigration('creation'), brandProfileMigration('creation'), Content1764300000000, ReviewAndComments1764950000000, brandReplicasRenameMigration('creation')];
