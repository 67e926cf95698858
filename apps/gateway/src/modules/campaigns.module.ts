import { Module } from '@nestjs/common';
import { CampaignsController } from '../controllers/campaigns.controller';

/** Campaign routes (strategy-agent). */
@Module({ controllers: [CampaignsController] })
export class CampaignsHttpModule {}
