export const PUBLISHING_MIGRATIONS = [];
