import { AnalyticsReplicaEntity } from '../replicas/analytics-replica.entity';
import { CalendarEntryEntity } from './calendar-entry.entity';
import { CampaignEntity } from './campaign.entity';
import { InsightEntity } from './insight.entity';
import { PlanRunEntity } from './plan-run.entity';

export const STRATEGY_ENTITIES = [CampaignEntity, CalendarEntryEntity, PlanRunEntity, AnalyticsReplicaEntity, InsightEntity];
