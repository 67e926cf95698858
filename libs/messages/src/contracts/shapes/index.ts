/**
 * The shapes of the HTTP contract and the tasks' input, one zod schema per contract (ADR 182); a
 * domain whose requests the web app loads up front keeps its answers in `*.answers.ts` (ADR 210).
 */
export * from './fields';
export * from './brand.shapes';
export * from './brand.answers';
export * from './strategy.shapes';
export * from './strategy.answers';
export * from './voice.shapes';
export * from './voice.answers';
export * from './campaign.shapes';
export * from './campaign.answers';
export * from './page.shapes';
export * from './webhook.shapes';
export * from './connection.shapes';
export * from './review.shapes';
export * from './content.shapes';
export * from './media.shapes';
export * from './abtest.shapes';
export * from './adset.shapes';
export * from './analytics.shapes';
export * from './insight.shapes';
export * from './ai.shapes';
export * from './job.shapes';
export * from './token.shapes';
export * from './notification.shapes';
export * from './message.shapes';
export * from './schedule.shapes';
export * from './calendar.shapes';
export * from './calendar.answers';
export * from './auth.shapes';
export * from './auth.answers';
export * from './mcp.shapes';
