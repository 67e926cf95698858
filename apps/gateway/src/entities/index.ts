export const GATEWAY_ENTITIES = [];
