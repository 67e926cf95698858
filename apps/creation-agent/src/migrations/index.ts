export const CREATION_MIGRATIONS = [];
