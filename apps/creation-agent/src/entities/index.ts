import { ContentCommentEntity } from './content-comment.entity';
import { ContentVersionEntity } from './content-version.entity';
import { ContentEntity } from './content.entity';
import { PlannedEntryEntity } from './planned-entry.entity';

export const CREATION_ENTITIES = [ContentEntity, ContentVersionEntity, ContentCommentEntity, PlannedEntryEntity];
