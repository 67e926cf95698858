import type { MigrationInterface } from 'typeorm';
import { Scheduling1764300000000 } from './1764300000000-scheduling.migration';
import { WebhookHealth1764900000000 } from './1764900000000-webhook-health.migration';

/** Migrations of the scheduling part of publishing-agent, oldest first. */
export const SCHEDULING_MIGRATIONS: (new () => MigrationInterface)[] = [Scheduling1764300000000, WebhookHealth1764900000000];
