export const Publishing_MIGRATIONS = [];
