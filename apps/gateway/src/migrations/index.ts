import { brandAccessMigration } from '@mt/runtime';
import { Jobs1764000000000 } from './1764000000000-jobs.migration';
import { Notifications1764600000000 } from './notifications.migration';
import { RevokedSessions1765400000000 } from './1765400000000-revoked-sessions.migration';

/** brand_access: the replica of brand.access.changed, so notifications of a brand reach its members. */
export const GATEWAY_MIGRATIONS = [Jobs1764000000000, brandAccessMigration('gateway'), Notifications1764600000000, RevokedSessions1765400000000];
