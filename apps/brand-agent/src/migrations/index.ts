import { Brands1764100000000 } from './1764100000000-brands.migration';
import { VoiceAndStrategy1764300000000 } from './1764300000000-voice-and-strategy.migration';
import { VoiceVersionId1764300000001 } from './1764300000001-voice-version-id.migration';
import { Invitations1766000000000 } from './1766000000000-invitations.migration';

export const BRAND_MIGRATIONS = [Brands1764100000000, VoiceAndStrategy1764300000000, VoiceVersionId1764300000001, Invitations1766000000000];
