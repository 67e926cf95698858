import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';

/** One connection a post goes to (compose once, ADR 186); what is left out follows the post. */
export class ContentTargetInputDto {
  @ApiProperty({ format: 'uuid', description: "one of the brand's connections, once per post" })
  @IsUUID()
  connectionId!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 100_000,
    description: "the text adapted to this connection's platform, checked against its limit; left out or null: the post's body",
  })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  body?: string | null;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    nullable: true,
    maxItems: 20,
    description: "the media this target carries, in order, checked against its platform; left out or null: the post's media",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  mediaIds?: string[] | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2027-03-29T07:00:00Z',
    description: 'UTC instant (ISO 8601 with an offset) for this target; left out or null: the time the post is scheduled at',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string | null;
}

export class SetContentTargetsDto {
  @ApiProperty({
    type: [ContentTargetInputDto],
    maxItems: 20,
    description: 'the whole set, in order; [] takes every target off (the post publishes as before)',
  })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ContentTargetInputDto)
  targets!: ContentTargetInputDto[];
}

export class ContentTargetOutcomeDto {
  @ApiProperty({ nullable: true, type: String, description: 'where the published post is' }) url!: string | null;
  @ApiProperty({ nullable: true, type: String }) externalId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) publishedAt!: string | null;
  @ApiProperty({ nullable: true, description: "{code, message}: why the latest attempt failed, in the platform's words" }) error!: unknown;
}

export class ContentTargetDto {
  @ApiProperty({ format: 'uuid' }) connectionId!: string;
  @ApiProperty({ example: 'bluesky' }) platform!: string;
  @ApiProperty({ nullable: true, type: String, description: "its own text; null: the post's body" }) body!: string | null;
  @ApiProperty({ nullable: true, type: [String], description: "its own media; null: the post's" }) mediaIds!: string[] | null;
  @ApiProperty({ nullable: true, type: String, description: 'its own time; null: the post’s schedule' }) at!: string | null;
  @ApiProperty({ enum: ['pending', 'scheduled', 'publishing', 'unknown', 'published', 'failed', 'cancelled'] }) status!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'its latest publication (a schedule item)' }) scheduleId!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: ContentTargetOutcomeDto }) outcome!: ContentTargetOutcomeDto | null;
}

export class ContentTargetsDto {
  @ApiProperty({ format: 'uuid' }) contentId!: string;
  @ApiProperty({ type: [ContentTargetDto] }) targets!: ContentTargetDto[];
}

/** `POST /content/{id}/targets/adapt` (ADR 194): which targets get an adapted text; none named, all of them. */
export class AdaptTargetsDto {
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: 20,
    description: "targets (connection ids) to adapt the post's text for; left out: every target",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  connectionIds?: string[];
}
