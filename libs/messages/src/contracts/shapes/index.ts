/** The shapes of the HTTP contract and the tasks' input, one zod schema per contract (ADR 182). */
export * from './fields';
export * from './brand.shapes';
export * from './campaign.shapes';
export * from './page.shapes';
export * from './webhook.shapes';
export * from './connection.shapes';
export * from './review.shapes';
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
