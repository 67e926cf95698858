export const Creation_MIGRATIONS = [];
