export const Creation_ENTITIES = [];
