import { Jobs1764000000000 } from './1764000000000-jobs.migration';

export const GATEWAY_MIGRATIONS = [Jobs1764000000000];
