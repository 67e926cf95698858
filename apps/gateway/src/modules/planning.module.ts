import { Module } from '@nestjs/common';

/** Routes: campaign plans, calendars, recommendations, insights (strategy-agent). */
@Module({ imports: [], controllers: [], providers: [] })
export class PlanningHttpModule {}
