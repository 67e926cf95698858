import { Module } from '@nestjs/common';
import { AiProviderController } from '../controllers/ai-provider.controller';
import { AiUsageController } from '../controllers/ai-usage.controller';
import { BrandStrategyController } from '../controllers/brand-strategy.controller';
import { BrandVoiceController } from '../controllers/brand-voice.controller';
import { JobsHttpModule } from './jobs.module';

/** Routes: brand voice, brand strategy, AI usage and budget (brand-agent); the AI provider (creation-agent). */
@Module({ imports: [JobsHttpModule], controllers: [BrandVoiceController, BrandStrategyController, AiUsageController, AiProviderController] })
export class BrandVoiceHttpModule {}
