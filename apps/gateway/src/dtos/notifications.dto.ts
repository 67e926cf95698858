import { ApiProperty } from '@nestjs/swagger';
import { ListNotificationsQueryShape, MarkedShape, NotificationShape } from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** The notification routes' shapes come from libs/messages (ADR 190). */
export class ListNotificationsQuery extends zodDto(ListNotificationsQueryShape) {}
export class NotificationDto extends zodDto(NotificationShape) {}
export class MarkedDto extends zodDto(MarkedShape) {}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items!: NotificationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty({ description: 'all unread notifications of the caller' }) unreadCount!: number;
}
