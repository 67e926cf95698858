import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsUUID, Max, Min } from 'class-validator';

export const MAX_SIMULATED_DAYS = 90;

export class AnalyticsOverviewQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  brandId!: string;

  @ApiPropertyOptional({ example: '2026-10-25', description: 'first day (UTC), default 29 days before `to`' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-23', description: 'last day (UTC), inclusive; default today' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class SimulateAnalyticsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  brandId!: string;

  @ApiProperty({ minimum: 1, maximum: MAX_SIMULATED_DAYS, example: 30, description: 'days back from today to fill with synthetic numbers' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SIMULATED_DAYS)
  days!: number;
}

export class AnalyticsTotalsDto {
  @ApiProperty() impressions!: number;
  @ApiProperty() engagements!: number;
  @ApiProperty() clicks!: number;
  @ApiProperty({ description: 'engagements / impressions' }) engagementRate!: number;
  @ApiProperty({ description: 'true when any number behind it is simulated (POST /analytics/simulate)' }) simulated!: boolean;
}

export class AnalyticsPointDto extends AnalyticsTotalsDto {
  @ApiProperty({ example: '2026-11-23' }) date!: string;
}

export class AnalyticsSeriesPointDto extends AnalyticsPointDto {
  @ApiProperty({ example: 'linkedin' }) platform!: string;
}

export class AnalyticsPlatformTotalsDto extends AnalyticsTotalsDto {
  @ApiProperty({ example: 'linkedin' }) platform!: string;
}

export class AnalyticsOverviewDto {
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() simulated!: boolean;
  @ApiProperty({ type: AnalyticsTotalsDto }) totals!: AnalyticsTotalsDto;
  @ApiProperty({ type: [AnalyticsPlatformTotalsDto] }) byPlatform!: AnalyticsPlatformTotalsDto[];
  @ApiProperty({ type: [AnalyticsPointDto], description: 'every day of the range, all platforms together' }) daily!: AnalyticsPointDto[];
  @ApiProperty({ type: [AnalyticsSeriesPointDto], description: 'every day of the range for each platform with data' }) series!: AnalyticsSeriesPointDto[];
}

export class ContentPostAnalyticsDto extends AnalyticsTotalsDto {
  @ApiProperty() postKey!: string;
  @ApiProperty() platform!: string;
  @ApiProperty() publishedAt!: string;
  @ApiProperty() capturedAt!: string;
}

export class ContentAnalyticsDto {
  @ApiProperty({ format: 'uuid' }) contentId!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty() simulated!: boolean;
  @ApiProperty({ type: AnalyticsTotalsDto }) totals!: AnalyticsTotalsDto;
  @ApiProperty({ type: [ContentPostAnalyticsDto] }) posts!: ContentPostAnalyticsDto[];
  @ApiProperty({ type: [AnalyticsPointDto] }) daily!: AnalyticsPointDto[];
}
