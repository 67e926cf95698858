import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsMoney, MAX_MONEY_COLUMN } from '../http/validation';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { PLATFORM_IDS } from '@mt/ai';
import { PageQueryDto } from './pagination.dto';

export class CampaignFieldsDto {
  @ApiProperty({ example: 'Spring launch' })
  @IsString()
  @Length(1, 120)
  name!: string;

  @ApiProperty({ example: 'Get 200 sign-ups for the beta' })
  @IsString()
  @Length(1, 1000)
  goal!: string;

  @ApiProperty({ example: '2026-03-02', description: "first day, in the brand's timezone" })
  @IsISO8601({ strict: true })
  startDate!: string;

  @ApiProperty({ example: '2026-03-15', description: 'last day; must be after startDate' })
  @IsISO8601({ strict: true })
  endDate!: string;

  @ApiProperty({ enum: PLATFORM_IDS, isArray: true, example: ['linkedin', 'x'] })
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsIn(PLATFORM_IDS as string[], { each: true })
  platforms!: string[];

  @ApiProperty({ minimum: 1, maximum: 21, example: 3 })
  @IsInt()
  @Min(1)
  @Max(21)
  postsPerWeek!: number;

  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: MAX_MONEY_COLUMN, example: 500, nullable: true })
  @IsOptional()
  @IsMoney({ min: 0 })
  budget?: number | null;
}

export class CreateCampaignDto extends CampaignFieldsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  brandId!: string;
}

export class UpdateCampaignDto extends PartialType(CampaignFieldsDto) {}

export class ListCampaignsQuery extends PageQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  brandId!: string;
}

export class CampaignDto extends CampaignFieldsDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty({ enum: ['draft', 'planning', 'planned', 'active', 'completed'] }) status!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
