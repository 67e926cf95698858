import { CampaignEntity } from './campaign.entity';

export const STRATEGY_ENTITIES = [CampaignEntity];
