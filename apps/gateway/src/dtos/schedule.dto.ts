import { ListScheduleQueryShape, PublishingSettingsShape, PublishNowShape, ScheduleContentShape, ScheduleResultShape } from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** The schedule and publishing-settings routes' bodies, queries and answers: the shapes of libs/messages (ADR 182, 198). */

export class ScheduleContentDto extends zodDto(ScheduleContentShape) {}

export class PublishNowDto extends zodDto(PublishNowShape) {}

/** A time range, not a page: `?from=&to=` (at most 93 days), so no `limit`/`cursor`. */
export class ListScheduleQuery extends zodDto(ListScheduleQueryShape) {}

export class ScheduleResultDto extends zodDto(ScheduleResultShape) {}

export class PublishingSettingsDto extends zodDto(PublishingSettingsShape) {}
