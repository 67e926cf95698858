/** Entities of the performance part of publishing-agent. */
export const PERFORMANCE_ENTITIES: (abstract new (...args: never[]) => unknown)[] = [];
