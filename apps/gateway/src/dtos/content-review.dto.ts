import { ApiProperty } from '@nestjs/swagger';
import { AddCommentShape, BulkContentShape, BulkItemOutcomeShape, BulkScheduleShape, ContentCommentShape, RequestReviewShape } from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** The review routes' bodies and answers: the shapes of libs/messages (ADR 182, ADR 189). */

export { BULK_MAX } from '@mt/messages';

/** POST /content/{id}/review-request (ADR 142). */
export class RequestReviewDto extends zodDto(RequestReviewShape) {}

/** POST /content/{id}/comments. */
export class AddCommentDto extends zodDto(AddCommentShape) {}

export class ContentCommentDto extends zodDto(ContentCommentShape) {}

export class ContentCommentListDto {
  @ApiProperty({ type: [ContentCommentDto], description: 'Oldest first (the latest 200)' }) items!: ContentCommentDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Always null: the thread is one page' }) nextCursor!: null;
}

/** POST /content/bulk: approve or delete several posts of one brand. */
export class BulkContentDto extends zodDto(BulkContentShape) {}

/** POST /content/bulk/schedule: the same time and channels for several approved posts. */
export class BulkScheduleDto extends zodDto(BulkScheduleShape) {}

export class BulkItemOutcomeDto extends zodDto(BulkItemOutcomeShape) {}

export class BulkContentResultDto {
  @ApiProperty({ type: [BulkItemOutcomeDto], description: 'One per requested post, in the order asked' }) items!: BulkItemOutcomeDto[];
}
