import { BrandStrategyEntity } from './brand-strategy.entity';
import { BrandEntity } from './brand.entity';
import { InvitationEntity } from './invitation.entity';
import { MemberProfileEntity } from './member-profile.entity';
import { MembershipEntity } from './membership.entity';
import { VoiceFeedbackEntity, VoiceProfileVersionEntity, VoiceSampleEntity } from './voice.entity';

export const BRAND_ENTITIES = [
  BrandEntity,
  MembershipEntity,
  MemberProfileEntity,
  VoiceSampleEntity,
  VoiceProfileVersionEntity,
  VoiceFeedbackEntity,
  BrandStrategyEntity,
  InvitationEntity,
];
export {
  BrandEntity,
  BrandStrategyEntity,
  InvitationEntity,
  MemberProfileEntity,
  MembershipEntity,
  VoiceFeedbackEntity,
  VoiceProfileVersionEntity,
  VoiceSampleEntity,
};
