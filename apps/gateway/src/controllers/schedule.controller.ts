import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { PublishRoute } from '../http/current-user';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MeshClient, PUBLISHING_TASKS, type ScheduleList, type UnscheduleResult } from '@mt/messages';
import { uuidParam } from '../http/actor';
import { ListScheduleQuery, PublishNowDto, ScheduleContentDto, ScheduleResultDto } from '../dtos/schedule.dto';
import { Caller } from '../http/caller';

/** The schedule, owned by publishing-agent: editors schedule, publish and cancel; viewers read. */
@ApiTags('schedule')
@ApiBearerAuth()
@Controller()
export class ScheduleController {
  constructor(private readonly mesh: MeshClient) {}

  @PublishRoute()
  @ApiOperation({ summary: 'Schedule a post on one or more connections' })
  @Post('content/:id/schedule')
  @ApiCreatedResponse({ type: ScheduleResultDto, description: 'one schedule item per connection' })
  schedule(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() dto: ScheduleContentDto): Promise<ScheduleResultDto> {
    return this.mesh.request(PUBLISHING_TASKS.schedule, { actor: caller.actor, contentId: id, at: dto.at, connectionIds: dto.connectionIds }, caller);
  }

  @PublishRoute()
  @ApiOperation({ summary: 'Publish a post now' })
  @Post('content/:id/publish')
  @ApiCreatedResponse({ type: ScheduleResultDto, description: 'items due now; published within seconds' })
  publish(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() dto: PublishNowDto): Promise<ScheduleResultDto> {
    return this.mesh.request(PUBLISHING_TASKS.publishNow, { actor: caller.actor, contentId: id, connectionIds: dto.connectionIds }, caller);
  }

  @PublishRoute()
  @ApiOperation({ summary: 'Unschedule a post' })
  @Delete('content/:id/schedule')
  @ApiOkResponse({ description: '{ contentId, cancelled }: waiting items cancelled (items being published are kept)' })
  unschedule(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<UnscheduleResult> {
    return this.mesh.request(PUBLISHING_TASKS.unschedule, { actor: caller.actor, contentId: id }, caller);
  }

  @ApiOperation({ summary: 'Scheduled and published items of a brand' })
  @Get('schedule')
  @ApiOkResponse({ description: '{ items: ScheduleItem[], nextCursor: null }, earliest first' })
  list(@Caller() caller: Caller, @Query() q: ListScheduleQuery): Promise<ScheduleList> {
    return this.mesh.request(PUBLISHING_TASKS.listSchedule, { actor: caller.actor, brandId: q.brandId, from: q.from, to: q.to }, caller);
  }
}
