import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsMoney } from '../http/validation';
import { IsISO8601, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { PageQueryDto } from './pagination.dto';

export class AiUsageQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  brandId!: string;

  @ApiPropertyOptional({ example: '2026-03-01', description: 'date or ISO 8601 instant; the start of the current UTC month when omitted' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'exclusive instant, or a date whose whole UTC day is included; now when omitted' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class AiLogsQuery extends PageQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  brandId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: "only this job's calls" })
  @IsOptional()
  @IsUUID()
  jobId?: string;
}

export class SetAiBudgetDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 1_000_000,
    example: 25,
    description: 'USD per calendar month (UTC), across every agent; null removes the limit',
  })
  @ValidateIf((o: SetAiBudgetDto) => o.monthlyLimitUsd !== null)
  @IsMoney({ min: 0, max: 1_000_000 })
  monthlyLimitUsd!: number | null;
}

export class AiBudgetDto {
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty({ type: Number, nullable: true }) monthlyLimitUsd!: number | null;
  @ApiProperty({ description: 'spent by every agent on this brand since monthStart' }) spentUsd!: number;
  @ApiProperty() monthStart!: string;
}

export class UsageLineDto {
  @ApiProperty({ description: 'calls sent to the provider (succeeded or failed attempts)' }) calls!: number;
  @ApiProperty({ description: 'answered from the cache, at no cost' }) cachedHits!: number;
  @ApiProperty({ description: 'refused by the budget' }) refused!: number;
  @ApiProperty() tokensIn!: number;
  @ApiProperty() tokensOut!: number;
  @ApiProperty() costUsd!: number;
}
export class ModelUsageDto extends UsageLineDto {
  @ApiProperty() provider!: string;
  @ApiProperty() model!: string;
}
export class AgentUsageDto extends UsageLineDto {
  @ApiProperty() agent!: string;
}
export class DayUsageDto extends UsageLineDto {
  @ApiProperty({ example: '2026-03-02' }) day!: string;
}
export class AiUsageDto {
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ type: UsageLineDto }) totals!: UsageLineDto;
  @ApiProperty({ type: [ModelUsageDto] }) byModel!: ModelUsageDto[];
  @ApiProperty({ type: [AgentUsageDto] }) byAgent!: AgentUsageDto[];
  @ApiProperty({ type: [DayUsageDto], description: 'UTC days' }) byDay!: DayUsageDto[];
}

export class AiLogDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() agent!: string;
  @ApiProperty() task!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty({ nullable: true }) jobId!: string | null;
  @ApiProperty() provider!: string;
  @ApiProperty() model!: string;
  @ApiProperty() attempt!: number;
  @ApiProperty() tokensIn!: number;
  @ApiProperty() tokensOut!: number;
  @ApiProperty() latencyMs!: number;
  @ApiProperty() costUsd!: number;
  @ApiProperty({ enum: ['succeeded', 'failed', 'cached', 'refused'] }) outcome!: string;
  @ApiProperty({ nullable: true }) errorCode!: string | null;
  @ApiProperty() injectionFlag!: boolean;
  @ApiProperty({ nullable: true, description: 'the prompt sent (AI_LOG_PROMPTS on): owners and editors only, always null for viewers' }) prompt!: string | null;
  @ApiProperty() createdAt!: string;
}
export class AiLogPageDto {
  @ApiProperty({ type: [AiLogDto] }) items!: AiLogDto[];
  @ApiProperty({ nullable: true }) nextCursor!: string | null;
}
