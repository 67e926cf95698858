import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';

/** GET /campaigns/{id}/calendar: optional range of local dates, inclusive. */
export class CalendarQueryDto {
  @ApiPropertyOptional({ example: '2026-03-01', description: "first local date (brand's timezone), inclusive" })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date like 2026-03-01' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'last local date, inclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date like 2026-03-31' })
  to?: string;
}

/** PATCH /calendar/{entryId}: another day inside the campaign, and optionally another time. */
export class MoveEntryDto {
  @ApiProperty({ example: '2026-03-05', description: "new local date in the brand's timezone; inside the campaign's dates" })
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date like 2026-03-05' })
  date!: string;

  @ApiPropertyOptional({ example: '10:30', description: 'new local time (HH:mm); the current time of day is kept when omitted' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time like 10:30' })
  time?: string;
}

export class CalendarEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ format: 'uuid' }) brandId!: string;
  @ApiProperty({ example: '2026-03-03', description: "local date in the brand's timezone" }) date!: string;
  @ApiProperty({ example: '08:00', description: 'local time (HH:mm)' }) time!: string;
  @ApiProperty({ example: 'Europe/Berlin' }) timezone!: string;
  @ApiProperty({ example: '2026-03-03T07:00:00.000Z', description: 'the same moment in UTC' }) scheduledAt!: string;
  @ApiProperty({ example: 'linkedin' }) platform!: string;
  @ApiProperty() topic!: string;
  @ApiProperty() pillar!: string;
  @ApiProperty({ example: 'carousel' }) format!: string;
  @ApiProperty({ example: 'AIDA' }) framework!: string;
  @ApiProperty({ enum: ['planned', 'drafted', 'approved', 'scheduled', 'published', 'failed'] }) status!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) contentId!: string | null;
  @ApiPropertyOptional({ nullable: true, description: '{ code, message, at } of the last failed content generation' })
  generationError!: { code: string; message: string; at: string } | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class CalendarPageDto {
  @ApiProperty({ type: [CalendarEntryDto] }) items!: CalendarEntryDto[];
  @ApiProperty({ nullable: true, type: String, description: 'always null: a calendar comes whole' }) nextCursor!: null;
}
