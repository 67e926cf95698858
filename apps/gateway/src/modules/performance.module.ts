import { Module } from '@nestjs/common';

/** Routes: analytics, A/B tests, ad sets, inbox, notifications. */
@Module({ imports: [], controllers: [], providers: [] })
export class PerformanceHttpModule {}
