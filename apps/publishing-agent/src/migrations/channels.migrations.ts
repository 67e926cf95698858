import type { MigrationInterface } from 'typeorm';

/** Migrations of the channels part of publishing-agent, oldest first. */
export const CHANNEL_MIGRATIONS: (new () => MigrationInterface)[] = [];
