import { AbTestEntity, AbTestVariantEntity } from './abtest.entity';
import { AdSetEntity, AdSetSpendEntity } from './adset.entity';
import { AnalyticsSnapshotEntity } from './analytics-snapshot.entity';
import { InboxEndpointEntity } from './inbox-endpoint.entity';
import { InboxMessageEntity } from './inbox-message.entity';
import { MetricsTargetEntity } from './metrics-target.entity';

/** Entities of the performance part of publishing-agent. */
export const PERFORMANCE_ENTITIES: (abstract new (...args: never[]) => unknown)[] = [
  AnalyticsSnapshotEntity,
  MetricsTargetEntity,
  AbTestEntity,
  AbTestVariantEntity,
  AdSetEntity,
  AdSetSpendEntity,
  InboxMessageEntity,
  InboxEndpointEntity,
];
