import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CalendarEntry, type CalendarPage, CAMPAIGN_TASKS, MeshClient } from '@mt/messages';
import { uuidParam } from '../http/actor';
import { CalendarEntryDto, CalendarPageDto, CalendarQueryDto, MoveEntryDto } from '../dtos/calendar.dto';
import { Caller } from '../http/caller';

/** A campaign's content calendar (strategy-agent): viewers read it, editors move entries. */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller()
export class CalendarController {
  constructor(private readonly mesh: MeshClient) {}

  @ApiOperation({ summary: "The campaign's content calendar" })
  @Get('campaigns/:id/calendar')
  @ApiOkResponse({ type: CalendarPageDto, description: 'entries in time order' })
  calendar(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Query() q: CalendarQueryDto): Promise<CalendarPage> {
    return this.mesh.request(CAMPAIGN_TASKS.calendar, { actor: caller.actor, campaignId: id, from: q.from, to: q.to }, caller);
  }

  @ApiOperation({ summary: 'Move or edit a calendar entry' })
  @Patch('calendar/:entryId')
  @ApiOkResponse({ type: CalendarEntryDto, description: '422 ENTRY_OUTSIDE_CAMPAIGN when the date is outside the campaign' })
  move(@Caller() caller: Caller, @Param('entryId', uuidParam('entryId')) entryId: string, @Body() dto: MoveEntryDto): Promise<CalendarEntry> {
    return this.mesh.request(CAMPAIGN_TASKS.moveEntry, { actor: caller.actor, entryId, date: dto.date, time: dto.time }, caller);
  }
}
