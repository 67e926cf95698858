import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { PageQueryDto } from '../dtos/pagination.dto';
import { CurrentUser, type CurrentUserInfo } from '../http/current-user';
import { type DevMail, DevInboxService } from '../services/dev-inbox.service';

class DevMailDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) from!: string | null;
  @ApiProperty({ type: [String] }) to!: string[];
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'the plain-text body' }) text!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) sentAt!: string | null;
}

class DevInboxDto {
  @ApiProperty({ type: [DevMailDto] }) items!: DevMailDto[];
  @ApiProperty({ type: String, nullable: true, description: 'always null: the newest mails only' }) nextCursor!: null;
}

/** The mails the embedded default wrote instead of sending (ADR 116). */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('dev/inbox')
export class DevInboxController {
  constructor(private readonly inbox: DevInboxService) {}

  @Get()
  @ApiOperation({
    summary: "The mails written to MAIL_DIR that are addressed to the caller's email, newest first",
    description: 'Only in the embedded default without SMTP_URL (a single-machine install); elsewhere 404.',
  })
  @ApiOkResponse({ type: DevInboxDto })
  @ApiNotFoundResponse({ description: 'Mail goes out over SMTP here (SMTP_URL is set, or this is the distributed mode)' })
  async list(@CurrentUser() user: CurrentUserInfo, @Query() q: PageQueryDto): Promise<{ items: DevMail[]; nextCursor: null }> {
    return { items: await this.inbox.mailsTo(user.email, q.limit ?? 20), nextCursor: null };
  }
}
