export const Strategy_MIGRATIONS = [];
