import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CONTENT_TASKS,
  type ContentRef,
  type ListContentPayload,
  OnTask,
  type SelectVariantPayload,
  type TaskEnvelope,
  type UpdateContentPayload,
} from '@mt/messages';
import { ContentService } from '../services/content.service';

/** Content commands check brand access before they open their transaction (it may ask brand-agent). */
@Controller()
export class ContentHandler {
  constructor(private readonly contents: ContentService) {}

  @OnTask(CONTENT_TASKS.list, { query: true })
  list(@Payload() t: TaskEnvelope<ListContentPayload>) {
    const { actor, brandId, campaignId, status, reviewerId, page } = t.payload;
    return this.contents.list(actor, brandId, page, {
      ...(campaignId ? { campaignId } : {}),
      ...(status ? { status } : {}),
      ...(reviewerId ? { reviewerId } : {}),
    });
  }

  @OnTask(CONTENT_TASKS.get, { query: true })
  get(@Payload() t: TaskEnvelope<ContentRef>) {
    return this.contents.get(t.payload.actor, t.payload.contentId);
  }

  @OnTask(CONTENT_TASKS.versions, { query: true })
  versions(@Payload() t: TaskEnvelope<ContentRef>) {
    return this.contents.listVersions(t.payload.actor, t.payload.contentId);
  }

  @OnTask(CONTENT_TASKS.update, { manualTransaction: true })
  update(@Payload() t: TaskEnvelope<UpdateContentPayload>) {
    return this.contents.update(t.payload.actor, t.payload.contentId, t.payload.changes);
  }

  @OnTask(CONTENT_TASKS.delete, { manualTransaction: true })
  remove(@Payload() t: TaskEnvelope<ContentRef>) {
    return this.contents.remove(t.payload.actor, t.payload.contentId);
  }

  @OnTask(CONTENT_TASKS.approve, { manualTransaction: true })
  approve(@Payload() t: TaskEnvelope<ContentRef>) {
    return this.contents.approve(t.payload.actor, t.payload.contentId);
  }

  @OnTask(CONTENT_TASKS.selectVariant, { manualTransaction: true })
  selectVariant(@Payload() t: TaskEnvelope<SelectVariantPayload>) {
    return this.contents.selectVariant(t.payload.actor, t.payload.contentId, t.payload.variantId);
  }
}
