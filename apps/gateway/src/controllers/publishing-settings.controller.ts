import { Body, Controller, Get, Param, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { MeshClient, PUBLISHING_TASKS, type PublishingSettings } from '@mt/messages';
import { actorOf, traceOf, uuidParam } from '../http/actor';
import { PublishingSettingsDto } from '../dtos/schedule.dto';

/** A brand's publishing preferences (auto-approve, schedule timezone): viewers read, owners change. */
@ApiTags('schedule')
@ApiBearerAuth()
@Controller('brands')
export class PublishingSettingsController {
  constructor(private readonly mesh: MeshClient) {}

  @Get(':id/publishing-settings')
  @ApiOkResponse({ description: 'PublishingSettings' })
  get(@Req() req: Request, @Param('id', uuidParam()) id: string): Promise<PublishingSettings> {
    return this.mesh.request(PUBLISHING_TASKS.publishingSettings, { actor: actorOf(req), brandId: id }, { parent: traceOf(req) });
  }

  @Put(':id/publishing-settings')
  @ApiOkResponse({ description: 'PublishingSettings' })
  update(@Req() req: Request, @Param('id', uuidParam()) id: string, @Body() dto: PublishingSettingsDto): Promise<PublishingSettings> {
    return this.mesh.request(
      PUBLISHING_TASKS.updatePublishingSettings,
      { actor: actorOf(req), brandId: id, autoApprove: dto.autoApprove, timezone: dto.timezone },
      { parent: traceOf(req) },
    );
  }
}
