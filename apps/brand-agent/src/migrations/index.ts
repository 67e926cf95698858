import { Brands1764100000000 } from './1764100000000-brands.migration';

export const Brand_MIGRATIONS = [Brands1764100000000];
