import { CHANNEL_ENTITIES } from './channels.entities';
import { PERFORMANCE_ENTITIES } from './performance.entities';
import { SCHEDULING_ENTITIES } from './scheduling.entities';

export const PUBLISHING_ENTITIES = [...CHANNEL_ENTITIES, ...SCHEDULING_ENTITIES, ...PERFORMANCE_ENTITIES];
