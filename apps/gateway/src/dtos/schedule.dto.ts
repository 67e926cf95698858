import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';

export class ScheduleContentDto {
  @ApiProperty({ example: '2026-03-29T07:00:00Z', description: 'UTC instant (ISO 8601 with an offset); now or later' })
  @IsISO8601({ strict: true })
  at!: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: "the brand's active connections to publish to; for a post with targets, some of its targets (left out: every target not yet published)",
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  connectionIds?: string[];
}

export class PublishNowDto {
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'for a post with targets, some of its targets (left out: every target not yet published, so a retry publishes only the failed ones)',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  connectionIds?: string[];
}

export class ListScheduleQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  brandId!: string;

  @ApiPropertyOptional({ example: '2026-03-01T00:00:00Z', description: 'UTC instant; default a week ago' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-04-01T00:00:00Z', description: 'UTC instant; default a month ahead (at most 93 days after from)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class ScheduleItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty({ format: 'uuid' }) contentId!: string;
  @ApiProperty({ format: 'uuid' }) connectionId!: string;
  @ApiProperty() platform!: string;
  @ApiProperty({ description: 'UTC instant' }) at!: string;
  @ApiProperty({ example: '2026-03-29T09:00:00+02:00', description: "the same moment in the brand's timezone" }) localAt!: string;
  @ApiProperty({ example: 'Europe/Berlin' }) timezone!: string;
  @ApiProperty({ enum: ['scheduled', 'publishing', 'published', 'failed', 'cancelled', 'unknown'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({ nullable: true }) externalId!: string | null;
  @ApiPropertyOptional({ nullable: true }) url!: string | null;
  @ApiPropertyOptional({ nullable: true, description: "{code, message}: the platform's message in plain words" }) error!: unknown;
  @ApiPropertyOptional({ nullable: true }) publishedAt!: string | null;
}

export class ScheduleResultDto {
  @ApiProperty({ format: 'uuid' }) contentId!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ type: [ScheduleItemDto] }) items!: ScheduleItemDto[];
}

export class LinkUtmSettingsDto {
  @ApiPropertyOptional({ description: 'Add the parameters to every http(s) link of a post' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'utm_source={platform}&utm_medium=social&utm_campaign={campaign}&utm_content={contentId}',
    description: 'name=value pairs joined by &; placeholders {platform}, {campaign}, {contentId}, {brandId}; null: the default',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  template?: string | null;
}

export class PublishingSettingsDto {
  @ApiProperty({ description: 'On: content may be scheduled without an approval' })
  @IsBoolean()
  autoApprove!: boolean;

  @ApiPropertyOptional({ type: String, example: 'Europe/Berlin', nullable: true, description: "IANA timezone the schedule is shown in; null: the brand's own" })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  timezone?: string | null;

  @ApiPropertyOptional({ type: () => LinkUtmSettingsDto, description: 'UTM parameters added to links at publish time; left out: unchanged' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LinkUtmSettingsDto)
  utm?: LinkUtmSettingsDto;

  @ApiPropertyOptional({ description: 'Replace links with {PUBLIC_URL}/l/{code} short links that count clicks; left out: unchanged' })
  @IsOptional()
  @IsBoolean()
  shortenLinks?: boolean;
}
