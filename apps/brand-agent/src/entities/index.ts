import { BrandStrategyEntity } from './brand-strategy.entity';
import { BrandEntity } from './brand.entity';
import { MemberProfileEntity } from './member-profile.entity';
import { MembershipEntity } from './membership.entity';
import { VoiceFeedbackEntity, VoiceProfileVersionEntity, VoiceSampleEntity } from './voice.entity';

export const BRAND_ENTITIES = [BrandEntity, MembershipEntity, MemberProfileEntity, VoiceSampleEntity, VoiceProfileVersionEntity, VoiceFeedbackEntity, BrandStrategyEntity];
export { BrandEntity, BrandStrategyEntity, MemberProfileEntity, MembershipEntity, VoiceFeedbackEntity, VoiceProfileVersionEntity, VoiceSampleEntity };
