import { ApiProperty } from '@nestjs/swagger';
import { CalendarEntryShape, CalendarQueryShape, MoveEntryShape } from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** The calendar routes' query, body and answers: the shapes of libs/messages (ADR 182, 198). */

/** GET /campaigns/{id}/calendar: optional range of local dates, inclusive. */
export class CalendarQueryDto extends zodDto(CalendarQueryShape) {}

/** PATCH /calendar/{entryId}: another day inside the campaign, and optionally another time. */
export class MoveEntryDto extends zodDto(MoveEntryShape) {}

export class CalendarEntryDto extends zodDto(CalendarEntryShape) {}

export class CalendarPageDto {
  @ApiProperty({ type: [CalendarEntryDto] }) items!: CalendarEntryDto[];
  @ApiProperty({ nullable: true, type: String, description: 'always null: a calendar comes whole' }) nextCursor!: null;
}
