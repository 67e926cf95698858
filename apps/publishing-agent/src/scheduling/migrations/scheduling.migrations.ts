import type { MigrationInterface } from 'typeorm';
import { Scheduling1764300000000 } from './1764300000000-scheduling.migration';
import { WebhookHealth1764900000000 } from './1764900000000-webhook-health.migration';
import { PostingQueues1766200000147 } from './1766200000147-posting-queues.migration';
import { Links1766200000152 } from './1766200000152-links.migration';
import { Media1766200000159 } from './1766200000159-media.migration';
import { ContentTargets1766400000186 } from './1766400000186-content-targets.migration';
import { PlatformState1766500000181 } from './1766500000181-platform-state.migration';
import { MediaFrameRate1766600000203 } from './1766600000203-media-frame-rate.migration';

/** Migrations of the scheduling part of publishing-agent, oldest first. */
export const SCHEDULING_MIGRATIONS: (new () => MigrationInterface)[] = [
  Scheduling1764300000000,
  WebhookHealth1764900000000,
  PostingQueues1766200000147,
  Links1766200000152,
  Media1766200000159,
  ContentTargets1766400000186,
  PlatformState1766500000181,
  MediaFrameRate1766600000203,
];
