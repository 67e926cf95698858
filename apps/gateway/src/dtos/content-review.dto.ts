import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';

/** POST /content/{id}/review-request (ADR 142). */
export class RequestReviewDto {
  @ApiProperty({ format: 'uuid', description: 'A member of the brand who may approve (editor or owner); 422 otherwise' })
  @IsUUID()
  reviewerId!: string;

  @ApiPropertyOptional({ example: 'Can you check the price before Friday?', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** POST /content/{id}/comments. */
export class AddCommentDto {
  @ApiProperty({ example: 'Shorter opening line?', minLength: 1, maxLength: 4000 })
  @IsString()
  @Length(1, 4000)
  body!: string;
}

export class ContentCommentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) contentId!: string;
  @ApiProperty({ format: 'uuid' }) authorId!: string;
  @ApiProperty() body!: string;
  @ApiProperty() createdAt!: string;
}

export class ContentCommentListDto {
  @ApiProperty({ type: [ContentCommentDto], description: 'Oldest first (the latest 200)' }) items!: ContentCommentDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Always null: the thread is one page' }) nextCursor!: null;
}

export const BULK_MAX = 100;

/** POST /content/bulk: approve or delete several posts of one brand. */
export class BulkContentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  brandId!: string;

  @ApiProperty({ enum: ['approve', 'delete'] })
  @IsIn(['approve', 'delete'])
  action!: 'approve' | 'delete';

  @ApiProperty({ type: [String], format: 'uuid', maxItems: BULK_MAX })
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_MAX)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  contentIds!: string[];
}

/** POST /content/bulk/schedule: the same time and channels for several approved posts. */
export class BulkScheduleDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  brandId!: string;

  @ApiProperty({ type: [String], format: 'uuid', maxItems: BULK_MAX })
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_MAX)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  contentIds!: string[];

  @ApiProperty({ example: '2026-03-29T07:00:00Z', description: 'UTC instant (ISO 8601 with an offset); now or later' })
  @IsISO8601({ strict: true })
  at!: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  connectionIds!: string[];
}

export class BulkItemOutcomeDto {
  @ApiProperty({ format: 'uuid' }) contentId!: string;
  @ApiProperty({ enum: ['done', 'unchanged', 'refused'] }) outcome!: string;
  @ApiPropertyOptional({ description: 'The stable problem code of a refusal (NOT_FOUND, CONFLICT, …)' }) code?: string;
  @ApiPropertyOptional({ description: 'Why it was refused, in plain words' }) message?: string;
}

export class BulkContentResultDto {
  @ApiProperty({ type: [BulkItemOutcomeDto], description: 'One per requested post, in the order asked' }) items!: BulkItemOutcomeDto[];
}
