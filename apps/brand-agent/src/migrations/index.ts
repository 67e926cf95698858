export const Brand_MIGRATIONS = [];
