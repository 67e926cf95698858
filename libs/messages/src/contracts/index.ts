import type { TaskRoutes } from '../rpc/mesh-client';
import { AI_PROVIDER_ROUTES } from './ai-provider.contract';
import { AUTH_ROUTES } from './auth.contract';
import { BRAND_ROUTES } from './brand.contract';
import { CAMPAIGN_ROUTES } from './campaign.contract';
import { CONTENT_ROUTES } from './content.contract';
import { PUBLISHING_ROUTES } from './publishing.contract';

export * from './actor';
export * from './system.contract';
export * from './auth.contract';
export * from './brand.contract';
export * from './jobs.contract';
export * from './campaign.contract';
export * from './content.contract';
export * from './content-target-adaptation.contract';
export * from './media-alt-text.contract';
export * from './publishing.contract';
export * from './ai-provider.contract';
export * from './task-map';
export * from './shapes';
export * from './shape-check';

export const AGENTS = ['auth-agent', 'brand-agent', 'strategy-agent', 'creation-agent', 'publishing-agent'] as const;
export type AgentName = (typeof AGENTS)[number];

/** Which agent owns each task type: the one map every sender routes by. */
export const TASK_ROUTES: TaskRoutes = {
  ...AUTH_ROUTES,
  ...BRAND_ROUTES,
  ...CAMPAIGN_ROUTES,
  ...CONTENT_ROUTES,
  ...PUBLISHING_ROUTES,
  ...AI_PROVIDER_ROUTES,
};
