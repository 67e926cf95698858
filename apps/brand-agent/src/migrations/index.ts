import { Brands1764100000000 } from './1764100000000-brands.migration';

export const BRAND_MIGRATIONS = [Brands1764100000000];
