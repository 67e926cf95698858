import { CHANNEL_ENTITIES } from './channels/entities/channels.entities';
import { REPLICA_ENTITIES } from './replicas/replicas.entities';
import { PERFORMANCE_ENTITIES } from './performance/entities/performance.entities';
import { SCHEDULING_ENTITIES } from './scheduling/entities/scheduling.entities';

export const PUBLISHING_ENTITIES = [...REPLICA_ENTITIES, ...CHANNEL_ENTITIES, ...SCHEDULING_ENTITIES, ...PERFORMANCE_ENTITIES];
