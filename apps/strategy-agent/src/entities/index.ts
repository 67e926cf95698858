export const Strategy_ENTITIES = [];
