import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from './pagination.dto';

export class ListNotificationsQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'true: only those the caller has not read' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    example: 'publish_failed',
    description:
      'content_published | publish_failed | campaign_planned | connection_needs_reconnect | adset_pacing | webhook_disabled | invitation | review_requested | comment | inbox_message | job_succeeded | job_failed',
  })
  kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ nullable: true }) link!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true }) brandId!: string | null;
  @ApiProperty({ description: 'every member of the brand sees it' }) brandWide!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty() read!: boolean;
  @ApiProperty({ nullable: true }) readAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items!: NotificationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty({ description: 'all unread notifications of the caller' }) unreadCount!: number;
}

export class MarkedDto {
  @ApiProperty() marked!: number;
}
