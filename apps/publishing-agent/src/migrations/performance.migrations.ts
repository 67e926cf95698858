import type { MigrationInterface } from 'typeorm';

/** Migrations of the performance part of publishing-agent, oldest first. */
export const PERFORMANCE_MIGRATIONS: (new () => MigrationInterface)[] = [];
