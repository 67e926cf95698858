import { brandAccessMigration, brandProfileMigration, brandReplicasRenameMigration } from '@mt/replicas';
import { Content1764300000000 } from './1764300000000-content.migration';
import { CalendarEntryReplica1766300000173 } from '../replicas/migrations/1766300000173-calendar-entry-replica.migration';
import { ReviewAndComments1764950000000 } from './1764950000000-review-and-comments.migration';

export const CREATION_MIGRATIONS = [
  brandAccessMigration('creation'),
  brandProfileMigration('creation'),
  Content1764300000000,
  ReviewAndComments1764950000000,
  brandReplicasRenameMigration('creation'),
  CalendarEntryReplica1766300000173,
];
