import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQueryDto } from './pagination.dto';

const STATUSES = ['new', 'drafted', 'replied', 'archived'];

export class ListMessagesQuery extends PageQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  brandId!: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: 'new' | 'drafted' | 'replied' | 'archived';
}

export class CreateMessageDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  brandId!: string;

  @ApiProperty({ example: 'email', description: 'where it came from (a platform id, email, chat…)' })
  @IsString()
  @Length(1, 40)
  @Matches(/^[a-z0-9][a-z0-9_.-]*$/i, { message: 'must be a short identifier (letters, digits, - _ .)' })
  channel!: string;

  @ApiProperty({ example: 'ann@example.com' })
  @IsString()
  @Length(1, 200)
  author!: string;

  @ApiProperty({ example: 'Do you ship to Canada?' })
  @IsString()
  @Length(1, 10_000)
  body!: string;
}

export class ReplyDto {
  @ApiProperty({ example: 'Yes — we ship to Canada within 5 days.' })
  @IsString()
  @Length(1, 10_000)
  body!: string;
}

export class InboxReplyDto {
  @ApiProperty() body!: string;
  @ApiProperty({ format: 'uuid' }) by!: string;
  @ApiProperty() at!: string;
}

export class InboxMessageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty() channel!: string;
  @ApiProperty() author!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty({ nullable: true, enum: ['question', 'complaint', 'praise', 'lead', 'spam', 'other'] }) intent!: string | null;
  @ApiProperty({ nullable: true, enum: ['positive', 'neutral', 'negative'] }) sentiment!: string | null;
  @ApiProperty({ nullable: true, description: 'the AI draft, to edit and send' }) draft!: string | null;
  @ApiProperty({ nullable: true, type: InboxReplyDto }) reply!: InboxReplyDto | null;
  @ApiProperty() receivedAt!: string;
}

export class MessagePageDto {
  @ApiProperty({ type: [InboxMessageDto] }) items!: InboxMessageDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
