import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsMoney } from '../http/validation';
import { IsIn, IsISO8601, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { PLATFORM_IDS } from '@mt/ai';

const ADSET_STATUSES = ['draft', 'active', 'paused', 'completed'];
const MAX_MONEY = 10_000_000;

export class CreateAdSetDto {
  @ApiProperty({ example: 'Retargeting — LinkedIn' })
  @IsString()
  @Length(1, 120)
  name!: string;

  @ApiProperty({ enum: PLATFORM_IDS })
  @IsIn(PLATFORM_IDS as string[])
  platform!: string;

  @ApiProperty({ example: 50, minimum: 0.01 })
  @IsMoney({ min: 0.01, max: MAX_MONEY })
  dailyBudget!: number;

  @ApiProperty({ example: 700, minimum: 0.01 })
  @IsMoney({ min: 0.01, max: MAX_MONEY })
  totalBudget!: number;

  @ApiPropertyOptional({ type: String, format: 'date', example: '2026-12-01', nullable: true, description: "default: the campaign's start" })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true })
  startDate?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', example: '2026-12-14', nullable: true, description: "default: the campaign's end" })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true })
  endDate?: string | null;
}

export class UpdateAdSetDto extends PartialType(OmitType(CreateAdSetDto, ['platform'] as const)) {
  @ApiPropertyOptional({ enum: ADSET_STATUSES, description: 'draft → active ⇄ paused → completed' })
  @IsOptional()
  @IsIn(ADSET_STATUSES)
  status?: 'draft' | 'active' | 'paused' | 'completed';
}

export class RecordSpendDto {
  @ApiProperty({ example: 42.5, minimum: 0.01 })
  @IsMoney({ min: 0.01, max: MAX_MONEY })
  amount!: number;

  @ApiProperty({ example: '2026-12-02', description: 'the day the money was spent' })
  @IsISO8601({ strict: true })
  @Length(10, 10)
  date!: string;
}

export class PacingFlagDto {
  @ApiProperty({ enum: ['daily_overspend', 'overpacing', 'underpacing', 'budget_exhausted'] }) kind!: string;
  @ApiProperty() message!: string;
  @ApiProperty() at!: string;
  @ApiPropertyOptional() day?: string;
}

export class AdSetDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() platform!: string;
  @ApiProperty() dailyBudget!: number;
  @ApiProperty() totalBudget!: number;
  @ApiProperty({ nullable: true }) startDate!: string | null;
  @ApiProperty({ nullable: true }) endDate!: string | null;
  @ApiProperty({ enum: ADSET_STATUSES }) status!: string;
  @ApiProperty() spentTotal!: number;
  @ApiProperty({ nullable: true }) lastSpendDate!: string | null;
  @ApiProperty() lastDaySpend!: number;
  @ApiProperty({ nullable: true, description: 'spend expected by lastSpendDate at an even pace' }) expectedSpend!: number | null;
  @ApiProperty({ nullable: true, description: 'spentTotal / expectedSpend' }) paceRatio!: number | null;
  @ApiProperty({ type: [PacingFlagDto] }) flags!: PacingFlagDto[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class AdSetListDto {
  @ApiProperty({ type: [AdSetDto] }) items!: AdSetDto[];
  @ApiProperty({ nullable: true, type: String, description: 'always null: a campaign has few ad sets' }) nextCursor!: null;
}
