export const GATEWAY_MIGRATIONS = [];
