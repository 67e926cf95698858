import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** POST /brands/{id}/insights: the body may be empty. */
export class GenerateInsightsDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 90, default: 7, description: 'the period compared with the one before it, in days' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  periodDays?: number;
}

export class InsightDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty({ example: 'best_time', description: 'engagement_trend, best_pillar, best_topic, best_format, best_platform, best_time, summary, no_data' })
  type!: string;
  @ApiProperty({ example: 'timing' }) category!: string;
  @ApiProperty() message!: string;
  @ApiProperty() recommendation!: string;
  @ApiProperty({ description: 'the numbers behind it: rates, counts, sample sizes, rankings', type: Object }) evidence!: Record<string, unknown>;
  @ApiProperty({ description: 'built from simulated analytics (POST /analytics/simulate)' }) simulated!: boolean;
  @ApiProperty() createdAt!: string;
}

export class InsightListDto {
  @ApiProperty({ type: [InsightDto] }) items!: InsightDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: null;
}

export class RecommendationDto {
  @ApiProperty({ enum: ['pillar', 'topic'] }) kind!: string;
  @ApiProperty() topic!: string;
  @ApiProperty() pillar!: string;
  @ApiProperty({ description: 'higher first (0–100, ±5 for engagement)' }) score!: number;
  @ApiProperty() reason!: string;
  @ApiProperty({ nullable: true, type: String }) lastCoveredAt!: string | null;
  @ApiProperty() recentCount!: number;
  @ApiProperty() windowDays!: number;
}

export class RecommendationListDto {
  @ApiProperty({ type: [RecommendationDto] }) items!: RecommendationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: null;
}
