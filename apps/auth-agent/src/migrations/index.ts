import { Auth1763950000000 } from './1763950000000-auth.migration';
import { PasswordReset1765400000001 } from './1765400000001-password-reset.migration';

export const AUTH_MIGRATIONS = [Auth1763950000000, PasswordReset1765400000001];
