import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PLATFORM_IDS } from '@mt/ai';
import { STRATEGY_LIMITS as L } from '@mt/messages';

export class GenerateStrategyDto {
  @ApiPropertyOptional({
    type: [String],
    maxItems: L.jobGoals.max,
    example: ['200 beta sign-ups by June'],
    description: "business goals; the current strategy's when omitted",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(L.jobGoals.max)
  @IsString({ each: true })
  @Length(1, L.jobGoals.itemMax, { each: true })
  goals?: string[];

  @ApiPropertyOptional({ maxLength: L.competitorNotes.max })
  @IsOptional()
  @IsString()
  @MaxLength(L.competitorNotes.max)
  competitorNotes?: string;

  @ApiPropertyOptional({ enum: PLATFORM_IDS, isArray: true, description: 'platforms the brand publishes to; all when omitted' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(PLATFORM_IDS as string[], { each: true })
  platforms?: string[];
}

export class AudienceDto {
  @ApiProperty({ example: 'Home baristas' }) @IsString() @Length(1, L.audiences.nameMax) name!: string;
  @ApiProperty({ type: [String], example: ['brew guides'] })
  @IsArray()
  @ArrayMaxSize(L.audiences.needs)
  @IsString({ each: true })
  @Length(1, L.audiences.needMax, { each: true })
  needs!: string[];
  @ApiProperty({ enum: PLATFORM_IDS, isArray: true, example: ['mastodon'] })
  @IsArray()
  @IsIn(PLATFORM_IDS as string[], { each: true })
  platforms!: string[];
}

export class PillarDto {
  @ApiProperty({ example: 'Brewing guides' }) @IsString() @Length(1, L.pillars.nameMax) name!: string;
  @ApiProperty({ example: 'How to get the best from our beans at home' }) @IsString() @MaxLength(L.pillars.descriptionMax) description!: string;
  @ApiProperty({ minimum: 0, maximum: 100, example: 50, description: 'the pillars add up to 100' }) @IsInt() @Min(0) @Max(100) sharePercent!: number;
}

export class GoalDto {
  @ApiProperty({ example: 'Newsletter sign-ups' }) @IsString() @Length(1, L.goals.nameMax) name!: string;
  @ApiProperty({ example: '500 by the end of Q2' }) @IsString() @Length(1, L.goals.targetMax) target!: string;
}

export class ChannelMixDto {
  @ApiProperty({ enum: PLATFORM_IDS }) @IsIn(PLATFORM_IDS as string[]) platform!: string;
  @ApiProperty({ minimum: 0, maximum: 21 }) @IsInt() @Min(0) @Max(21) postsPerWeek!: number;
  @ApiProperty() @IsString() @MaxLength(L.channelMix.rationaleMax) rationale!: string;
}

/** A user's strategy (PUT): the four main fields are required; left-out optional fields keep their current value. */
export class UpdateStrategyDto {
  @ApiProperty({
    minLength: L.valueProposition.min,
    maxLength: L.valueProposition.max,
    example: 'Fresh single-origin coffee, roasted to order and at your door in four days.',
  })
  @IsString()
  @Length(L.valueProposition.min, L.valueProposition.max)
  valueProposition!: string;

  @ApiPropertyOptional({ nullable: true, maxLength: L.positioning.max })
  @IsOptional()
  @IsString()
  @MaxLength(L.positioning.max)
  positioning?: string | null;

  @ApiProperty({ type: [AudienceDto], minItems: L.audiences.min, maxItems: L.audiences.max })
  @IsArray()
  @ArrayMinSize(L.audiences.min)
  @ArrayMaxSize(L.audiences.max)
  @ValidateNested({ each: true })
  @Type(() => AudienceDto)
  audiences!: AudienceDto[];

  @ApiProperty({ type: [PillarDto], minItems: L.pillars.min, maxItems: L.pillars.max })
  @IsArray()
  @ArrayMinSize(L.pillars.min)
  @ArrayMaxSize(L.pillars.max)
  @ValidateNested({ each: true })
  @Type(() => PillarDto)
  pillars!: PillarDto[];

  @ApiProperty({ type: [GoalDto], minItems: L.goals.min, maxItems: L.goals.max })
  @IsArray()
  @ArrayMinSize(L.goals.min)
  @ArrayMaxSize(L.goals.max)
  @ValidateNested({ each: true })
  @Type(() => GoalDto)
  goals!: GoalDto[];

  @ApiPropertyOptional({ type: [String], maxItems: L.keyMessages.max })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(L.keyMessages.max)
  @IsString({ each: true })
  @Length(1, L.keyMessages.itemMax, { each: true })
  keyMessages?: string[];

  @ApiPropertyOptional({ type: [ChannelMixDto], maxItems: L.channelMix.max })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(L.channelMix.max)
  @ValidateNested({ each: true })
  @Type(() => ChannelMixDto)
  channelMix?: ChannelMixDto[];
}

export class BrandStrategyDto extends UpdateStrategyDto {
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['ai', 'user'] }) source!: string;
  @ApiProperty({ format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true }) jobId!: string | null;
  @ApiProperty() createdAt!: string;
}
export class BrandStrategyPageDto {
  @ApiProperty({ type: [BrandStrategyDto] }) items!: BrandStrategyDto[];
  @ApiProperty({ nullable: true }) nextCursor!: string | null;
}
