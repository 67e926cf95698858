import {
  AddToQueueResultShape,
  AddToQueueShape,
  QueueSlotsShape,
  QueueSlotsViewShape,
  QueueSuggestionsShape,
  QueueViewShape,
  RemoveFromQueueQueryShape,
  RemoveFromQueueResultShape,
} from '@mt/messages';
import { zodDto } from '../http/zod-dto';

/** The posting queue routes' bodies, query and answers: the shapes of libs/messages (ADR 147, 182, 198). */

/** At most MAX_QUEUE_SLOTS slots, each weekday and time once: the rule publishing-agent applies too. */
export class QueueSlotsDto extends zodDto(QueueSlotsShape) {}

export class AddToQueueDto extends zodDto(AddToQueueShape) {}

export class RemoveFromQueueQuery extends zodDto(RemoveFromQueueQueryShape) {}

export class QueueSlotsViewDto extends zodDto(QueueSlotsViewShape) {}

export class QueueViewDto extends zodDto(QueueViewShape) {}

export class AddToQueueResultDto extends zodDto(AddToQueueResultShape) {}

export class RemoveFromQueueResultDto extends zodDto(RemoveFromQueueResultShape) {}

export class QueueSuggestionsDto extends zodDto(QueueSuggestionsShape) {}
