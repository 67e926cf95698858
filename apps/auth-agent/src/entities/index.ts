export const Auth_ENTITIES = [];
