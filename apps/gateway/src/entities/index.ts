import { JobEntity } from './job.entity';
import { NotificationEntity, NotificationReadEntity } from './notifications.entity';

export { JobEntity } from './job.entity';
export { NotificationEntity, NotificationReadEntity } from './notifications.entity';

export const GATEWAY_ENTITIES = [JobEntity, NotificationEntity, NotificationReadEntity];
