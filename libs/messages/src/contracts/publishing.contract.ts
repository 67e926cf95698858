import { CHANNEL_EVENTS, CHANNEL_TASKS, type ChannelEventMap, type ChannelTaskMap } from './publishing/channels.contract';
import { PERFORMANCE_EVENTS, PERFORMANCE_TASKS, type PerformanceEventMap, type PerformanceTaskMap } from './publishing/performance.contract';
import { MEDIA_TASKS, type MediaEventMap, type MediaTaskMap } from './publishing/media.contract';
import { SCHEDULING_EVENTS, SCHEDULING_TASKS, type SchedulingEventMap, type SchedulingTaskMap } from './publishing/scheduling.contract';
import { TARGET_TASKS, type TargetTaskMap } from './publishing/targets.contract';

/**
 * Owned by publishing-agent, in three parts as the agent is (ADR 135): channels (connections,
 * providers), scheduling (schedules, publishing, outbound webhooks) and performance (analytics,
 * A/B tests, ad sets, the inbox store). Each part's shapes, constants and map are in
 * ./publishing/<part>.contract.ts; this file joins them, so imports of it keep working.
 */
export * from './publishing/channels.contract';
export * from './publishing/scheduling.contract';
export * from './publishing/performance.contract';
export * from './publishing/media.contract';
export * from './publishing/targets.contract';

export const PUBLISHING_TASKS = { ...CHANNEL_TASKS, ...SCHEDULING_TASKS, ...PERFORMANCE_TASKS, ...MEDIA_TASKS, ...TARGET_TASKS } as const;

export const PUBLISHING_ROUTES: Record<string, string> = Object.fromEntries(Object.values(PUBLISHING_TASKS).map((t) => [t, 'publishing-agent']));

export const PUBLISHING_EVENTS = { ...CHANNEL_EVENTS, ...SCHEDULING_EVENTS, ...PERFORMANCE_EVENTS } as const;

/** publishing-agent's tasks and events with their payloads and results (ADR 134). */
export interface PublishingTaskMap extends ChannelTaskMap, SchedulingTaskMap, PerformanceTaskMap, MediaTaskMap, TargetTaskMap {}
export interface PublishingEventMap extends ChannelEventMap, SchedulingEventMap, PerformanceEventMap, MediaEventMap {}
