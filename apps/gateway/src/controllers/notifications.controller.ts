import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from '../http/fastify-request';
import { MarkedDto, ListNotificationsQuery, NotificationPageDto } from '../dtos/notifications.dto';
import { CurrentUser, type CurrentUserInfo } from '../http/current-user';
import { uuidParam } from '../http/actor';
import { NotificationEventStream } from '../services/notification-stream.service';
import { NotificationsService, type NotificationPage } from '../services/notifications.service';

/** The caller's in-app notifications: their own and those of the brands they are a member of. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly stream: NotificationEventStream,
  ) {}

  @ApiOperation({ summary: 'Your notifications' })
  @Get()
  @ApiOkResponse({ type: NotificationPageDto })
  list(@CurrentUser() user: CurrentUserInfo, @Query() q: ListNotificationsQuery): Promise<NotificationPage> {
    return this.notifications.list(user.id, q.unread === true, q.limit, q.cursor);
  }

  @Get('events')
  @ApiOperation({
    summary:
      'Server-Sent Events (ADR 143): `unread` {unreadCount} first and on every change; `notification` for each new one (as GET /notifications shows it). The stream ends after 5 minutes or when the gateway stops; reconnect.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream' })
  events(@CurrentUser() user: CurrentUserInfo, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.stream.open(user.id, req.raw, res.raw, () => res.hijack());
  }

  @ApiOperation({ summary: 'Mark all notifications read' })
  @Post('read-all')
  @HttpCode(200)
  @ApiOkResponse({ type: MarkedDto })
  readAll(@CurrentUser() user: CurrentUserInfo): Promise<{ marked: number }> {
    return this.notifications.markAllRead(user.id);
  }

  @ApiOperation({ summary: 'Mark a notification read' })
  @Post(':id/read')
  @HttpCode(204)
  @ApiNoContentResponse()
  read(@CurrentUser() user: CurrentUserInfo, @Param('id', uuidParam()) id: string): Promise<void> {
    return this.notifications.markRead(user.id, id);
  }
}
