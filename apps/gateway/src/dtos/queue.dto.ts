import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, ValidateNested } from 'class-validator';
import { QUEUE_WEEKDAYS, type QueueWeekday } from '@mt/messages';
import { ScheduleItemDto } from './schedule.dto';

/** publishing-agent refuses more (MAX_QUEUE_SLOTS); the DTO says so first. */
const MAX_SLOTS = 100;

export class QueueSlotDto {
  @ApiProperty({ enum: QUEUE_WEEKDAYS, example: 'mon' })
  @IsIn(QUEUE_WEEKDAYS)
  weekday!: QueueWeekday;

  @ApiProperty({ example: '09:00', description: "24-hour wall-clock time (HH:mm) in the brand's timezone" })
  @IsString()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'time must be HH:mm (00:00–23:59)' })
  time!: string;
}

export class QueueSlotsDto {
  @ApiProperty({ type: [QueueSlotDto], maxItems: MAX_SLOTS, description: 'the weekly posting times; each weekday and time once' })
  @IsArray()
  @ArrayMaxSize(MAX_SLOTS)
  @ValidateNested({ each: true })
  @Type(() => QueueSlotDto)
  slots!: QueueSlotDto[];
}

export class AddToQueueDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "the connection whose queue takes the post (or connectionIds); for a post with targets, one of them, and left out with connectionIds: every target's queue (ADR 194)",
  })
  @IsOptional()
  @IsUUID()
  connectionId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'several queues at once, instead of connectionId' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  connectionIds?: string[];
}

export class RemoveFromQueueQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "only this connection's queue; every queue the post is in when absent" })
  @IsOptional()
  @IsUUID()
  connectionId?: string;
}

export class QueueSlotsViewDto {
  @ApiProperty({ format: 'uuid' }) connectionId!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty({ example: 'Europe/Berlin', description: "the brand's timezone: the slots' times are read in it" }) timezone!: string;
  @ApiProperty({ type: [QueueSlotDto], description: 'Monday first, then by time' }) slots!: QueueSlotDto[];
  @ApiPropertyOptional({ nullable: true }) updatedAt!: string | null;
}

export class QueuedPostDto extends ScheduleItemDto {
  @ApiProperty({ example: 1, description: '1 = the next queued post of this connection' }) position!: number;
  @ApiProperty({ description: "the post's first words (at most 80 characters)" }) excerpt!: string;
  @ApiProperty({ example: true }) queued!: boolean;
}

export class QueueViewDto extends QueueSlotsViewDto {
  @ApiProperty({ type: [QueuedPostDto], description: 'the queued posts in order, each at its slot time' }) items!: QueuedPostDto[];
}

export class AddToQueueResultDto {
  @ApiProperty({ format: 'uuid' }) contentId!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty({ type: [QueuedPostDto], description: "the post's place in each connection's queue" }) items!: QueuedPostDto[];
}

export class RemoveFromQueueResultDto {
  @ApiProperty({ format: 'uuid' }) contentId!: string;
  @ApiProperty({ description: 'queued posts taken off; the later posts of their queues moved up' }) removed!: number;
}

export class QueueSuggestionDto {
  @ApiProperty({ enum: QUEUE_WEEKDAYS }) weekday!: string;
  @ApiProperty({ example: '09:00', description: "start of the hour, in the brand's timezone" }) time!: string;
  @ApiProperty({ description: 'measured posts published in that weekday and hour' }) posts!: number;
  @ApiProperty() impressions!: number;
  @ApiProperty() engagements!: number;
  @ApiProperty({ description: 'engagements / impressions over those posts' }) engagementRate!: number;
}

export class QueueSuggestionsBasisDto {
  @ApiProperty({ description: 'measured (never simulated) posts on this platform in the window' }) posts!: number;
  @ApiProperty({ example: '2026-06-01' }) from!: string;
  @ApiProperty({ example: '2026-11-30' }) to!: string;
  @ApiProperty({ description: 'posts needed before anything is suggested' }) minPosts!: number;
  @ApiProperty({ description: 'posts a weekday and hour needs to be suggested' }) minPostsPerSlot!: number;
}

export class QueueSuggestionsDto {
  @ApiProperty({ format: 'uuid' }) connectionId!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty() platform!: string;
  @ApiProperty({ example: 'Europe/Berlin' }) timezone!: string;
  @ApiProperty({ type: QueueSuggestionsBasisDto }) basis!: QueueSuggestionsBasisDto;
  @ApiProperty({ description: 'false: too few measured posts; nothing is suggested' }) enoughData!: boolean;
  @ApiProperty({ description: 'the answer in plain words' }) message!: string;
  @ApiProperty({ type: [QueueSuggestionDto], description: 'best first; empty without enough data' }) suggestions!: QueueSuggestionDto[];
}
