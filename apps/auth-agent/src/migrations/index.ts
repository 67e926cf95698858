import { Auth1763950000000 } from './1763950000000-auth.migration';

export const AUTH_MIGRATIONS = [Auth1763950000000];
