import { Body, Controller, Get, Param, Patch, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { type CalendarEntry, type CalendarPage, CAMPAIGN_TASKS, MeshClient } from '@mt/messages';
import { actorOf, traceOf, uuidParam } from '../http/actor';
import { CalendarEntryDto, CalendarPageDto, CalendarQueryDto, MoveEntryDto } from '../dtos/calendar.dto';

/** A campaign's content calendar (strategy-agent): viewers read it, editors move entries. */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller()
export class CalendarController {
  constructor(private readonly mesh: MeshClient) {}

  @Get('campaigns/:id/calendar')
  @ApiOkResponse({ type: CalendarPageDto, description: 'entries in time order' })
  calendar(@Req() req: Request, @Param('id', uuidParam()) id: string, @Query() q: CalendarQueryDto): Promise<CalendarPage> {
    return this.mesh.request(CAMPAIGN_TASKS.calendar, { actor: actorOf(req), campaignId: id, from: q.from, to: q.to }, { parent: traceOf(req) });
  }

  @Patch('calendar/:entryId')
  @ApiOkResponse({ type: CalendarEntryDto, description: '422 ENTRY_OUTSIDE_CAMPAIGN when the date is outside the campaign' })
  move(@Req() req: Request, @Param('entryId', uuidParam('entryId')) entryId: string, @Body() dto: MoveEntryDto): Promise<CalendarEntry> {
    return this.mesh.request(CAMPAIGN_TASKS.moveEntry, { actor: actorOf(req), entryId, date: dto.date, time: dto.time }, { parent: traceOf(req) });
  }
}
