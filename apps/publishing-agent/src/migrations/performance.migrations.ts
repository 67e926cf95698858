import type { MigrationInterface } from 'typeorm';
import { Performance1764600000000 } from './1764600000000-performance.migration';

/** Migrations of the performance part of publishing-agent, oldest first. */
export const PERFORMANCE_MIGRATIONS: (new () => MigrationInterface)[] = [Performance1764600000000];
