import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class CreateAbTestDto {
  @ApiProperty({ type: [String], minItems: 2, maxItems: 2, description: 'two variants of the content: [A, B]' })
  @ArrayMinSize(2)
  @ArrayMaxSize(2)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  variantIds!: [string, string];

  @ApiProperty({ format: 'uuid', description: 'the connection both variants are published to' })
  @IsUUID()
  connectionId!: string;

  @ApiPropertyOptional({ example: '2026-11-24T09:00:00Z', description: 'the first slot (UTC); the second is a week later at the same local time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}

export class AbTestVariantDto {
  @ApiProperty() variantId!: string;
  @ApiProperty({ enum: ['A', 'B'] }) label!: string;
  @ApiProperty({ description: 'its slot (UTC)' }) at!: string;
  @ApiProperty({ nullable: true, format: 'uuid' }) scheduleId!: string | null;
  @ApiProperty() impressions!: number;
  @ApiProperty() engagements!: number;
  @ApiProperty() engagementRate!: number;
  @ApiProperty({ description: 'posterior probability (beta-binomial) that this variant has the higher engagement rate' })
  probabilityBest!: number;
  @ApiProperty() simulated!: boolean;
}

export class AbTestDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty({ format: 'uuid' }) contentId!: string;
  @ApiProperty({ format: 'uuid' }) connectionId!: string;
  @ApiProperty() platform!: string;
  @ApiProperty({ enum: ['running', 'concluded'] }) status!: string;
  @ApiProperty({ type: [AbTestVariantDto] }) variants!: AbTestVariantDto[];
  @ApiProperty({ nullable: true }) winnerVariantId!: string | null;
  @ApiProperty({ nullable: true, enum: ['probability', 'sample'] }) decidedBy!: string | null;
  @ApiProperty({ nullable: true }) concludedAt!: string | null;
  @ApiProperty() simulated!: boolean;
  @ApiProperty() createdAt!: string;
}

export class AbTestListDto {
  @ApiProperty({ type: [AbTestDto] }) items!: AbTestDto[];
  @ApiProperty({ nullable: true, type: String, description: 'always null: a content has few tests' }) nextCursor!: null;
}
