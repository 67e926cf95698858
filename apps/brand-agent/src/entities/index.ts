export const Brand_ENTITIES = [];
