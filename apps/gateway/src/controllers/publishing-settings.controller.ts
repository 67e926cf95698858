import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MeshClient, PUBLISHING_TASKS, type PublishingSettings } from '@mt/messages';
import { uuidParam } from '../http/actor';
import { PublishingSettingsDto } from '../dtos/schedule.dto';
import { Caller } from '../http/caller';

/** A brand's publishing preferences (auto-approve, schedule timezone, UTM parameters and short links): viewers read, owners change. */
@ApiTags('schedule')
@ApiBearerAuth()
@Controller('brands')
export class PublishingSettingsController {
  constructor(private readonly mesh: MeshClient) {}

  @ApiOperation({ summary: "The brand's publishing settings" })
  @Get(':id/publishing-settings')
  @ApiOkResponse({ description: 'PublishingSettings' })
  get(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<PublishingSettings> {
    return this.mesh.request(PUBLISHING_TASKS.publishingSettings, { actor: caller.actor, brandId: id }, caller);
  }

  @ApiOperation({ summary: "Change the brand's publishing settings" })
  @Put(':id/publishing-settings')
  @ApiOkResponse({ description: 'PublishingSettings' })
  update(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() dto: PublishingSettingsDto): Promise<PublishingSettings> {
    return this.mesh.request(
      PUBLISHING_TASKS.updatePublishingSettings,
      { actor: caller.actor, brandId: id, autoApprove: dto.autoApprove, timezone: dto.timezone, utm: dto.utm, shortenLinks: dto.shortenLinks },
      caller,
    );
  }
}
