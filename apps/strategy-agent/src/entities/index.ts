import { AnalyticsSnapshotEntity } from './analytics-snapshot.entity';
import { CalendarEntryEntity } from './calendar-entry.entity';
import { CampaignEntity } from './campaign.entity';
import { InsightEntity } from './insight.entity';
import { PlanRunEntity } from './plan-run.entity';

export const STRATEGY_ENTITIES = [CampaignEntity, CalendarEntryEntity, PlanRunEntity, AnalyticsSnapshotEntity, InsightEntity];
