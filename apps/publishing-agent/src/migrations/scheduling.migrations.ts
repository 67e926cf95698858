import type { MigrationInterface } from 'typeorm';

/** Migrations of the scheduling part of publishing-agent, oldest first. */
export const SCHEDULING_MIGRATIONS: (new () => MigrationInterface)[] = [];
