import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  type AttachMediaPayload,
  type ContentMediaPayload,
  type IngestMediaPayload,
  type ListMediaPayload,
  type MediaIdsOfContentsPayload,
  type MediaRef,
  OnTask,
  PUBLISHING_TASKS,
  type TaskEnvelope,
  type UpdateMediaPayload,
} from '@mt/messages';
import { MediaService } from '../services/media.service';

/** The media library (ADR 159). Commands check access before their own transaction. */
@Controller()
export class MediaHandler {
  constructor(private readonly media: MediaService) {}

  @OnTask(PUBLISHING_TASKS.ingestMedia, { manualTransaction: true })
  ingest(@Payload() t: TaskEnvelope<IngestMediaPayload>) {
    return this.media.ingest(t.payload);
  }

  @OnTask(PUBLISHING_TASKS.listMedia, { query: true })
  list(@Payload() t: TaskEnvelope<ListMediaPayload>) {
    return this.media.list(t.payload.actor, t.payload.brandId, t.payload.limit, t.payload.cursor, t.payload.type);
  }

  @OnTask(PUBLISHING_TASKS.getMedia, { query: true })
  get(@Payload() t: TaskEnvelope<MediaRef>) {
    return this.media.get(t.payload.actor, t.payload.mediaId);
  }

  @OnTask(PUBLISHING_TASKS.updateMedia, { manualTransaction: true })
  update(@Payload() t: TaskEnvelope<UpdateMediaPayload>) {
    return this.media.update(t.payload.actor, t.payload.mediaId, { altText: t.payload.altText, focus: t.payload.focus });
  }

  @OnTask(PUBLISHING_TASKS.deleteMedia, { manualTransaction: true })
  delete(@Payload() t: TaskEnvelope<MediaRef>) {
    return this.media.delete(t.payload.actor, t.payload.mediaId);
  }

  @OnTask(PUBLISHING_TASKS.attachMedia, { manualTransaction: true })
  attach(@Payload() t: TaskEnvelope<AttachMediaPayload>) {
    return this.media.attach(t.payload.actor, t.payload.contentId, t.payload.mediaIds);
  }

  @OnTask(PUBLISHING_TASKS.contentMedia, { query: true })
  ofContent(@Payload() t: TaskEnvelope<ContentMediaPayload>) {
    return this.media.ofContent(t.payload.actor, t.payload.contentId);
  }

  @OnTask(PUBLISHING_TASKS.mediaIdsOfContents, { query: true })
  idsOfContents(@Payload() t: TaskEnvelope<MediaIdsOfContentsPayload>) {
    return this.media.idsOfContents(t.payload.actor, t.payload.contentIds);
  }
}
