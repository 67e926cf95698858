export const PUBLISHING_ENTITIES = [];
