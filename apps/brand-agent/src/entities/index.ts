import { BrandEntity } from './brand.entity';
import { MemberProfileEntity } from './member-profile.entity';
import { MembershipEntity } from './membership.entity';

export const BRAND_ENTITIES = [BrandEntity, MembershipEntity, MemberProfileEntity];
export { BrandEntity, MemberProfileEntity, MembershipEntity };
