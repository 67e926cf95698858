import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MarkedDto, ListNotificationsQuery, NotificationPageDto } from '../dtos/notifications.dto';
import { CurrentUser, type CurrentUserInfo } from '../http/current-user';
import { uuidParam } from '../http/actor';
import { NotificationsService, type NotificationPage } from '../services/notifications.service';

/** The caller's in-app notifications: their own and those of the brands they are a member of. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOkResponse({ type: NotificationPageDto })
  list(@CurrentUser() user: CurrentUserInfo, @Query() q: ListNotificationsQuery): Promise<NotificationPage> {
    return this.notifications.list(user.id, q.unread === true, q.limit, q.cursor);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOkResponse({ type: MarkedDto })
  readAll(@CurrentUser() user: CurrentUserInfo): Promise<{ marked: number }> {
    return this.notifications.markAllRead(user.id);
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiNoContentResponse()
  read(@CurrentUser() user: CurrentUserInfo, @Param('id', uuidParam()) id: string): Promise<void> {
    return this.notifications.markRead(user.id, id);
  }
}
