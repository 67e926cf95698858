import type { MigrationInterface } from 'typeorm';
import { Performance1764600000000 } from './1764600000000-performance.migration';
import { PerformanceCampaignPlatforms1764600000001 } from './1764600000001-performance-campaign-platforms.migration';

/** Migrations of the performance part of publishing-agent, oldest first. */
export const PERFORMANCE_MIGRATIONS: (new () => MigrationInterface)[] = [Performance1764600000000, PerformanceCampaignPlatforms1764600000001];
