import { Module } from '@nestjs/common';

/** publishing-agent: analytics, A/B tests, ad sets, the inbox store. */
@Module({ controllers: [], providers: [], exports: [] })
export class PerformanceModule {}
