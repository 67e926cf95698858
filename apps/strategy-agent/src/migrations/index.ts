import { brandAccessMigration, brandProfileMigration, brandReplicasRenameMigration } from '@mt/replicas';
import { Campaigns1764200000000 } from './1764200000000-campaigns.migration';
import { Calendar1764300000000 } from './1764300000000-calendar.migration';
import { Insights1764300000100 } from './1764300000100-insights.migration';
import { AnalyticsReplica1766300000173 } from '../replicas/migrations/1766300000173-analytics-replica.migration';

export const STRATEGY_MIGRATIONS = [
  brandAccessMigration('strategy'),
  Campaigns1764200000000,
  brandProfileMigration('strategy'),
  Calendar1764300000000,
  Insights1764300000100,
  brandReplicasRenameMigration('strategy'),
  AnalyticsReplica1766300000173,
];
