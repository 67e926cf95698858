import { brandAccessMigration, brandReplicasRenameMigration } from '@mt/replicas';
import { Jobs1764000000000 } from './1764000000000-jobs.migration';
import { Notifications1764600000000 } from './notifications.migration';
import { RevokedSessions1765400000000 } from './1765400000000-revoked-sessions.migration';
import { PersonalAccessTokens1766000000100 } from './1766000000100-personal-access-tokens.migration';
import { McpToolCalls1766100000138 } from './1766100000138-mcp-tool-calls.migration';
import { TokenAiBudget1766200000155 } from './1766200000155-token-ai-budget.migration';
import { JobIdempotencyKey1766300000168 } from './1766300000168-job-idempotency-key.migration';
import { CampaignReplica1766400000185 } from './1766400000185-campaign-replica.migration';

/** brand_access_replica (ADR 173): the replica of brand.access.changed, so notifications of a brand reach its members. */
export const GATEWAY_MIGRATIONS = [
  Jobs1764000000000,
  brandAccessMigration('gateway'),
  Notifications1764600000000,
  RevokedSessions1765400000000,
  PersonalAccessTokens1766000000100,
  McpToolCalls1766100000138,
  TokenAiBudget1766200000155,
  JobIdempotencyKey1766300000168,
  brandReplicasRenameMigration('gateway', { profile: false }),
  CampaignReplica1766400000185,
];
