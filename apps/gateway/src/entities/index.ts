import { JobEntity } from './job.entity';

export { JobEntity } from './job.entity';

export const GATEWAY_ENTITIES = [JobEntity];
