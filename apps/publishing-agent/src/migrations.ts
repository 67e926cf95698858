import { brandAccessMigration, brandProfileMigration } from '@mt/replicas';
import { CHANNEL_MIGRATIONS } from './channels/migrations/channels.migrations';
import { PERFORMANCE_MIGRATIONS } from './performance/migrations/performance.migrations';
import { REPLICA_MIGRATIONS } from './replicas/migrations/replicas.migrations';
import { SCHEDULING_MIGRATIONS } from './scheduling/migrations/scheduling.migrations';

export const PUBLISHING_MIGRATIONS = [
  brandAccessMigration('publishing'),
  brandProfileMigration('publishing'),
  ...CHANNEL_MIGRATIONS,
  ...SCHEDULING_MIGRATIONS,
  ...PERFORMANCE_MIGRATIONS,
  ...REPLICA_MIGRATIONS,
];
