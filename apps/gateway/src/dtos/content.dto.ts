import { ApiProperty } from '@nestjs/swagger';
import { ContentShape, ContentVersionShape, GenerateContentShape, ListContentQueryShape, UpdateContentShape } from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** The content routes' bodies, queries and answers: the shapes of libs/messages (ADR 182, ADR 197). */

/** POST /content/generate: a calendar entry's content, or content for an ad-hoc brief. */
export class GenerateContentDto extends zodDto(GenerateContentShape) {}

/** GET /content: the list convention plus the brand, campaign, status and review filters. */
export class ListContentQuery extends zodDto(ListContentQueryShape) {}

/** PATCH /content/{id}: a new version. The brand's banned words and the platform's limit are checked by creation-agent (422). */
export class UpdateContentDto extends zodDto(UpdateContentShape) {}

export class ContentVersionDto extends zodDto(ContentVersionShape) {}

export class ContentVersionListDto {
  @ApiProperty({ type: [ContentVersionDto] }) items!: ContentVersionDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Always null: the whole history is one page' }) nextCursor!: null;
}

export class ContentDto extends zodDto(ContentShape) {}
