import { Injectable } from '@nestjs/common';
import { isPlatformId } from '@mt/ai';
import {
  type Actor,
  type Content,
  CONTENT_EVENTS,
  type ContentPage,
  type ContentStatus,
  type ContentUpdatedEvent,
  type ContentVersionList,
  listFieldIssues,
  MeshError,
  type PageQuery,
  UnitOfWork,
  type UpdateContentPayload,
  UpdateContentShape,
} from '@mt/messages';
import { decodeCursor, pageSize, toPage } from '@mt/runtime';
import { BrandAccessService, BrandProfileService } from '@mt/replicas';
import type { ContentEntity } from '../entities/content.entity';
import { ContentVersionRepository } from '../repositories/content-version.repository';
import { ContentRepository } from '../repositories/content.repository';
import { contentProblems, normalizeHashtags } from './content-rules';
import { toContent, toVersion } from './content-view';

const NO_REVIEW = { reviewReviewerId: null, reviewRequestedBy: null, reviewRequestedAt: null, reviewNote: null };
const notFound = () => new MeshError('NOT_FOUND', 'No such content', { status: 404, retryable: false });

/**
 * Reading and changing content. Access is checked (and the brand's rules read) before a
 * transaction opens; the change, its new version and its event then commit together.
 */
@Injectable()
export class ContentService {
  constructor(
    private readonly contents: ContentRepository,
    private readonly versions: ContentVersionRepository,
    private readonly access: BrandAccessService,
    private readonly profiles: BrandProfileService,
    private readonly uow: UnitOfWork,
  ) {}

  async list(
    actor: Actor,
    brandId: string,
    page: PageQuery,
    filter: { campaignId?: string; status?: ContentStatus; reviewerId?: string },
  ): Promise<ContentPage> {
    await this.access.require(actor, brandId, 'viewer');
    const size = pageSize(page.limit);
    const rows = await this.contents.list({ brandId, ...filter }, size + 1, decodeCursor(page.cursor));
    return toPage(rows, size, (r) => toContent(r));
  }

  async get(actor: Actor, contentId: string): Promise<Content> {
    const c = await this.load(actor, contentId, 'viewer');
    return toContent(c, await this.versions.list(c.id));
  }

  /** In the list shape of the API; versions are few, so the whole history is one page. */
  async listVersions(actor: Actor, contentId: string): Promise<ContentVersionList> {
    const c = await this.load(actor, contentId, 'viewer');
    return { items: (await this.versions.list(c.id)).map(toVersion), nextCursor: null };
  }

  /**
   * An edit: checked as the gateway checks it (UpdateContentShape, 400), then each hashtag used once
   * and against the brand's banned words and the platform's limit (422), then a new version.
   */
  async update(actor: Actor, contentId: string, request: UpdateContentPayload['changes']): Promise<Content> {
    const current = await this.load(actor, contentId, 'editor');
    const parsed = UpdateContentShape.safeParse(request);
    if (!parsed.success) {
      const errors = listFieldIssues(parsed.error.issues);
      throw new MeshError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
        status: 400,
        retryable: false,
        details: { errors },
      });
    }
    const changes = parsed.data;
    const body = changes.body ?? current.body;
    const hashtags = changes.hashtags ? normalizeHashtags(changes.hashtags) : current.hashtags;
    if (changes.hashtags && hashtags.length !== changes.hashtags.length) {
      throw unprocessable([{ field: 'hashtags', message: 'each hashtag is one word of letters, digits or _, used once' }]);
    }
    const { brand } = await this.profiles.get(current.brandId);
    const problems = isPlatformId(current.platform) ? contentProblems(current.platform, body, hashtags, brand.bannedWords) : [];
    if (problems.length) throw unprocessable(problems);
    return this.uow.transaction(async () => {
      const fresh = await this.fresh(current);
      if (fresh.status === 'published') throw new MeshError('CONFLICT', 'published content cannot be edited', { status: 409 });
      if (fresh.body === body && sameTags(fresh.hashtags, hashtags)) return toContent(fresh);
      return this.newVersion(fresh, actor, { body, hashtags }, 'edit', 'user');
    });
  }

  /** The variant's text becomes the body: a new version, announced as a 'variant' change. */
  async selectVariant(actor: Actor, contentId: string, variantId: string): Promise<Content> {
    const current = await this.load(actor, contentId, 'editor');
    return this.uow.transaction(async () => {
      const fresh = await this.fresh(current);
      const variant = fresh.variants.find((v) => v.id === variantId);
      if (!variant) throw new MeshError('NOT_FOUND', 'No such variant of this content', { status: 404 });
      if (fresh.status === 'published') throw new MeshError('CONFLICT', 'published content cannot change', { status: 409 });
      if (fresh.selectedVariantId === variantId && fresh.body === variant.body && sameTags(fresh.hashtags, variant.hashtags)) return toContent(fresh);
      fresh.selectedVariantId = variantId;
      return this.newVersion(fresh, actor, { body: variant.body, hashtags: variant.hashtags }, 'variant', 'ai');
    });
  }

  /** Idempotent: approving approved (or scheduled, published) content changes nothing and announces nothing. */
  async approve(actor: Actor, contentId: string): Promise<Content> {
    const current = await this.load(actor, contentId, 'editor');
    return this.uow.transaction(async () => {
      const fresh = await this.fresh(current);
      if (fresh.status !== 'draft' && fresh.status !== 'failed') return toContent(fresh);
      // An approval answers the open review request, whoever gives it (ADR 142).
      Object.assign(fresh, { status: 'approved', approvedAt: new Date(), approvedBy: actor.userId, failure: null, ...NO_REVIEW });
      const content = toContent(await this.contents.save(fresh));
      this.uow.publishEvent(CONTENT_EVENTS.approved, { content, by: actor.userId });
      return content;
    });
  }

  async remove(actor: Actor, contentId: string): Promise<void> {
    const current = await this.load(actor, contentId, 'editor');
    await this.uow.transaction(async () => {
      const fresh = await this.fresh(current);
      fresh.deletedAt = new Date();
      await this.contents.save(fresh);
      this.uow.publishEvent(CONTENT_EVENTS.deleted, {
        contentId: fresh.id,
        brandId: fresh.brandId,
        calendarEntryId: fresh.calendarEntryId,
        by: actor.userId,
        body: fresh.body,
        wasApproved: fresh.approvedAt !== null,
      });
    });
  }

  private async newVersion(
    fresh: ContentEntity,
    actor: Actor,
    next: { body: string; hashtags: string[] },
    change: ContentUpdatedEvent['change'],
    authorKind: 'ai' | 'user',
  ): Promise<Content> {
    const previousBody = fresh.body;
    fresh.body = next.body;
    fresh.hashtags = next.hashtags;
    fresh.version += 1;
    // A changed text needs approving again; a scheduled post keeps its slot and publishes the new text.
    if (fresh.status === 'approved' || fresh.status === 'failed') Object.assign(fresh, { status: 'draft', approvedAt: null, approvedBy: null });
    const saved = await this.contents.save(fresh);
    await this.versions.insert({
      contentId: saved.id,
      version: saved.version,
      body: saved.body,
      hashtags: saved.hashtags,
      authorKind,
      authorId: actor.userId,
    });
    const content = toContent(saved);
    this.uow.publishEvent(CONTENT_EVENTS.updated, { content, by: actor.userId, previousBody, change });
    return content;
  }

  /** The row again inside the transaction: it may have changed or gone since the access check. */
  async fresh(current: ContentEntity): Promise<ContentEntity> {
    const fresh = await this.contents.findLive(current.id);
    if (!fresh || fresh.brandId !== current.brandId) throw notFound();
    return fresh;
  }

  /** The content, if the actor has at least `role` on its brand; 404 when they have none. */
  async load(actor: Actor, contentId: string, role: 'viewer' | 'editor'): Promise<ContentEntity> {
    const c = await this.contents.findLive(contentId);
    if (!c) throw notFound();
    try {
      await this.access.require(actor, c.brandId, role);
    } catch (err) {
      if (err instanceof MeshError && err.code === 'NOT_FOUND') throw notFound();
      throw err;
    }
    return c;
  }
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

function unprocessable(errors: { field: string; message: string }[]): MeshError {
  return new MeshError('UNPROCESSABLE', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
    status: 422,
    retryable: false,
    details: { errors },
  });
}
