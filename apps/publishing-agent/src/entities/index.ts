export const Publishing_ENTITIES = [];
