export const CREATION_ENTITIES = [];
