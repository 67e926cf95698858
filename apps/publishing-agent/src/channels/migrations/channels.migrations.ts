import type { MigrationInterface } from 'typeorm';
import { Channels1764600000000 } from './1764600000000-channels.migration';

/** Migrations of the channels part of publishing-agent, oldest first. */
export const CHANNEL_MIGRATIONS: (new () => MigrationInterface)[] = [Channels1764600000000];
