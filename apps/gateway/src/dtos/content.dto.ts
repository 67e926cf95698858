import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { PLATFORM_IDS } from '@mt/ai';
import { CONTENT_STATUSES, type ContentStatus } from '@mt/messages';
import { PageQueryDto } from './pagination.dto';
import { ContentTargetDto } from './content-targets.dto';

/** POST /content/generate: a calendar entry's content, or content for an ad-hoc brief. */
export class GenerateContentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  brandId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An entry of a planned calendar; its platform, topic and pillar are used.' })
  @IsOptional()
  @IsUUID()
  calendarEntryId?: string;

  @ApiPropertyOptional({ example: 'Announce our new oat-milk flat white', description: 'Required without calendarEntryId.' })
  @ValidateIf((o: GenerateContentDto) => o.calendarEntryId === undefined || o.brief !== undefined)
  @IsString()
  @Length(3, 2000)
  brief?: string;

  @ApiProperty({ enum: PLATFORM_IDS, example: 'linkedin' })
  @IsIn(PLATFORM_IDS as string[])
  platform!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, default: 2 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  variants?: number;
}

export class ListContentQuery extends PageQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  brandId!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional({ enum: CONTENT_STATUSES })
  @IsOptional()
  @IsIn(CONTENT_STATUSES as string[])
  status?: ContentStatus;

  @ApiPropertyOptional({ enum: ['me'], description: 'me: only drafts whose open review request names the caller (ADR 142)' })
  @IsOptional()
  @IsIn(['me'])
  awaiting?: 'me';
}

/** PATCH /content/{id}: a new version. The brand's banned words and the platform's limit are checked by creation-agent (422). */
export class UpdateContentDto {
  @ApiPropertyOptional({ example: 'Our oat-milk flat white is here. Try it this week.' })
  @IsOptional()
  @IsString()
  @Length(1, 100_000)
  body?: string;

  @ApiPropertyOptional({ type: [String], example: ['Coffee', 'OatMilk'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(61, { each: true })
  @Matches(/^#?[\p{L}\p{M}\p{N}_]+$/u, { each: true, message: 'each hashtag is one word of letters, digits or _' })
  hashtags?: string[];
}

export class VariantScoresDto {
  @ApiProperty({ minimum: 0, maximum: 100 }) voiceMatch!: number;
  @ApiProperty({ minimum: 0, maximum: 100 }) readability!: number;
  @ApiProperty({ minimum: 0, maximum: 100 }) lengthFit!: number;
  @ApiProperty({ minimum: 0, maximum: 100 }) engagementPrediction!: number;
}

export class ContentVariantDto {
  @ApiProperty() id!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: [String] }) hashtags!: string[];
  @ApiProperty({ nullable: true, type: String }) framework!: string | null;
  @ApiProperty({ type: VariantScoresDto }) scores!: VariantScoresDto;
  @ApiProperty({ minimum: 0, maximum: 100, description: 'Weighted total; the best variant is selected by default.' }) overall!: number;
}

export class ContentVersionDto {
  @ApiProperty() version!: number;
  @ApiProperty() body!: string;
  @ApiProperty({ type: [String] }) hashtags!: string[];
  @ApiProperty({ enum: ['ai', 'user'] }) authorKind!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) authorId!: string | null;
  @ApiProperty() createdAt!: string;
}

export class ContentVersionListDto {
  @ApiProperty({ type: [ContentVersionDto] }) items!: ContentVersionDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Always null: the whole history is one page' }) nextCursor!: null;
}

export class ContentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) campaignId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) calendarEntryId!: string | null;
  @ApiProperty({ enum: PLATFORM_IDS }) platform!: string;
  @ApiProperty({ enum: CONTENT_STATUSES }) status!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: [String] }) hashtags!: string[];
  @ApiProperty({ type: [ContentVariantDto] }) variants!: ContentVariantDto[];
  @ApiProperty({ nullable: true, type: String }) selectedVariantId!: string | null;
  @ApiProperty() version!: number;
  @ApiPropertyOptional({ type: [ContentVersionDto] }) versions?: ContentVersionDto[];
  @ApiProperty({ nullable: true, description: '{ provider, model, engine, jobId, notice? }' }) aiMeta!: unknown;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) approvedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Who approved it (a member of the brand)' }) approvedBy!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'The open review request (ADR 142): { reviewerId, requestedBy, requestedAt, note }' })
  reviewRequest?: unknown;
  @ApiProperty({ nullable: true, type: String }) externalUrl!: string | null;
  @ApiProperty({ nullable: true, description: "The platform's message of the last failed publish" }) failure!: unknown;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'The media the post carries, in order (PUT /content/{id}/media sets them); absent when the publishing agent did not answer',
  })
  mediaIds?: string[];
  @ApiPropertyOptional({
    type: [ContentTargetDto],
    description:
      'Compose once: the connections the post goes to, each with its own text, media, time, status and outcome (PUT /content/{id}/targets sets them); absent for a post without targets',
  })
  targets?: ContentTargetDto[];
}
