import { ContentCommentEntity } from './content-comment.entity';
import { ContentVersionEntity } from './content-version.entity';
import { ContentEntity } from './content.entity';
import { CalendarEntryReplicaEntity } from '../replicas/calendar-entry-replica.entity';

export const CREATION_ENTITIES = [ContentEntity, ContentVersionEntity, ContentCommentEntity, CalendarEntryReplicaEntity];
