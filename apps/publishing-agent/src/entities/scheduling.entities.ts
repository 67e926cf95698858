/** Entities of the scheduling part of publishing-agent. */
export const SCHEDULING_ENTITIES: (abstract new (...args: never[]) => unknown)[] = [];
