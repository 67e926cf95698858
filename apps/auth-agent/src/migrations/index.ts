export const Auth_MIGRATIONS = [];
