/** The shapes of the HTTP contract and the tasks' input, one zod schema per contract (ADR 182). */
export * from './fields';
export * from './brand.shapes';
export * from './campaign.shapes';
export * from './page.shapes';
export * from './token.shapes';
export * from './notification.shapes';
export * from './message.shapes';
