import { ApiProperty } from '@nestjs/swagger';
import { CreateMessageShape, InboxMessageShape, ListMessagesQueryShape, ReplyShape } from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** The inbox routes' shapes come from libs/messages (ADR 190). */
export class ListMessagesQuery extends zodDto(ListMessagesQueryShape) {}
export class CreateMessageDto extends zodDto(CreateMessageShape) {}
export class ReplyDto extends zodDto(ReplyShape) {}
export class InboxMessageDto extends zodDto(InboxMessageShape) {}

export class MessagePageDto {
  @ApiProperty({ type: [InboxMessageDto] }) items!: InboxMessageDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
