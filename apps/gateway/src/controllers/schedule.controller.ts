import { Body, Controller, Delete, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { MeshClient, PUBLISHING_TASKS, type ScheduleList, type UnscheduleResult } from '@mt/messages';
import { actorOf, traceOf, uuidParam } from '../http/actor';
import { ListScheduleQuery, PublishNowDto, ScheduleContentDto, ScheduleResultDto } from '../dtos/schedule.dto';

/** The schedule, owned by publishing-agent: editors schedule, publish and cancel; viewers read. */
@ApiTags('schedule')
@ApiBearerAuth()
@Controller()
export class ScheduleController {
  constructor(private readonly mesh: MeshClient) {}

  @Post('content/:id/schedule')
  @ApiCreatedResponse({ type: ScheduleResultDto, description: 'one schedule item per connection' })
  schedule(@Req() req: Request, @Param('id', uuidParam()) id: string, @Body() dto: ScheduleContentDto): Promise<ScheduleResultDto> {
    return this.mesh.request(
      PUBLISHING_TASKS.schedule,
      { actor: actorOf(req), contentId: id, at: dto.at, connectionIds: dto.connectionIds },
      { parent: traceOf(req) },
    );
  }

  @Post('content/:id/publish')
  @ApiCreatedResponse({ type: ScheduleResultDto, description: 'items due now; published within seconds' })
  publish(@Req() req: Request, @Param('id', uuidParam()) id: string, @Body() dto: PublishNowDto): Promise<ScheduleResultDto> {
    return this.mesh.request(PUBLISHING_TASKS.publishNow, { actor: actorOf(req), contentId: id, connectionIds: dto.connectionIds }, { parent: traceOf(req) });
  }

  @Delete('content/:id/schedule')
  @ApiOkResponse({ description: '{ contentId, cancelled }: waiting items cancelled (items being published are kept)' })
  unschedule(@Req() req: Request, @Param('id', uuidParam()) id: string): Promise<UnscheduleResult> {
    return this.mesh.request(PUBLISHING_TASKS.unschedule, { actor: actorOf(req), contentId: id }, { parent: traceOf(req) });
  }

  @Get('schedule')
  @ApiOkResponse({ description: '{ items: ScheduleItem[], nextCursor: null }, earliest first' })
  list(@Req() req: Request, @Query() q: ListScheduleQuery): Promise<ScheduleList> {
    return this.mesh.request(
      PUBLISHING_TASKS.listSchedule,
      { actor: actorOf(req), brandId: q.brandId, from: q.from, to: q.to },
      { parent: traceOf(req) },
    );
  }
}
