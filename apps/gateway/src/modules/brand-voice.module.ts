import { Module } from '@nestjs/common';

/** Routes: brand voice, brand strategy, AI usage and budget (brand-agent). */
@Module({ imports: [], controllers: [], providers: [] })
export class BrandVoiceHttpModule {}
