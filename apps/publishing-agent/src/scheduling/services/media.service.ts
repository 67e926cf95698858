import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { isPlatformId } from '@mt/ai';
import {
  type Actor,
  actorReaches,
  AttachMediaShape,
  bracketed,
  checkedByShape,
  type ContentMedia,
  type IngestMediaPayload,
  type MediaIdsOfContents,
  type MediaItem,
  MeshError,
  type Page,
  UnitOfWork,
  UpdateMediaShape,
} from '@mt/messages';
import { BlobStore, decodeCursor, MEDIA_CONFIG, type MediaConfig, pageSize, toPage } from '@mt/runtime';
import { BrandAccessService } from '@mt/replicas';
import { ContentReplicaRepository } from '../../replicas/content-replica.repository';
import { type MediaRow, MediaRepository } from '../repositories/media.repository';
import { MediaInspector } from './media-inspector';
import { formatBytes, mediaProblems } from './media-rules';

const notFound = () => new MeshError('NOT_FOUND', 'No such medium', { status: 404, retryable: false });
const invalid = (field: string, message: string) =>
  new MeshError('VALIDATION_FAILED', `${field} ${message}`, { status: 400, retryable: false, details: { errors: [{ field, message }] } });
const FILE_NAME_MAX = 255;

/**
 * A brand's media library (ADR 159): uploads are inspected from their bytes, normalised, counted
 * against the brand's quota and kept in the blob store; posts carry them by id, checked against
 * their platform's limits; a medium a waiting post carries cannot be deleted.
 */
@Injectable()
export class MediaService {
  constructor(
    private readonly media: MediaRepository,
    private readonly contents: ContentReplicaRepository,
    private readonly access: BrandAccessService,
    private readonly blobs: BlobStore,
    private readonly inspector: MediaInspector,
    private readonly uow: UnitOfWork,
    @Inject(MEDIA_CONFIG) private readonly config: MediaConfig,
  ) {}

  async ingest(p: IngestMediaPayload): Promise<MediaItem> {
    try {
      await this.access.require(p.actor, p.brandId, 'editor');
      // An upload's text and focus are held to the same shape as a change of them (ADR 202).
      const fields = checkedByShape(UpdateMediaShape, { altText: p.altText, focus: p.focus }, bracketed);
      const altText = trimmedAltText(fields.altText);
      const focus = fields.focus ?? null;
      if (!p.stagingKey) throw invalid('file', 'is required (multipart/form-data, one file in a field named file)');
      const upload = await this.blobs.get(p.stagingKey);
      if (!upload) throw invalid('file', 'was not received; upload it again');
      const seen = await this.inspector.inspect(upload);
      if (!seen.ok)
        throw new MeshError(seen.code, seen.message, { status: 400, retryable: false, details: { errors: [{ field: 'file', message: seen.message }] } });
      const id = randomUUID();
      const storageKey = `${p.brandId}/${id}`;
      await this.blobs.put(storageKey, seen.bytes, seen.mimeType);
      try {
        const row = await this.uow.transaction(async () => {
          await this.media.lockBrand(p.brandId);
          const used = await this.media.usedBytes(p.brandId);
          if (used + seen.bytes.length > this.config.brandQuotaBytes) {
            throw new MeshError(
              'MEDIA_QUOTA_EXCEEDED',
              `This brand's media library is full: ${formatBytes(used)} of ${formatBytes(this.config.brandQuotaBytes)} used, and this file needs ${formatBytes(seen.bytes.length)}. Delete media you no longer need.`,
              { status: 413, retryable: false },
            );
          }
          return this.media.insert({
            id,
            brandId: p.brandId,
            kind: seen.kind,
            mimeType: seen.mimeType,
            fileName: cleanName(p.fileName),
            bytes: seen.bytes.length,
            width: seen.width,
            height: seen.height,
            durationS: seen.kind === 'video' ? seen.durationS : null,
            frameRate: seen.kind === 'video' ? seen.frameRate : null,
            codec: seen.kind === 'video' ? seen.codec : null,
            altText,
            focus,
            storageKey,
            createdBy: p.actor.userId,
          });
        });
        return toItem(row);
      } catch (err) {
        await this.blobs.delete(storageKey);
        throw err;
      }
    } finally {
      if (p.stagingKey) await this.blobs.delete(p.stagingKey);
    }
  }

  async list(
    actor: Actor,
    brandId: string,
    limit?: number,
    cursor?: string | null,
    kind?: 'image' | 'video',
  ): Promise<Page<MediaItem> & { usedBytes: number; quotaBytes: number }> {
    await this.access.require(actor, brandId, 'viewer');
    const size = pageSize(limit);
    const rows = await this.media.list(brandId, size + 1, decodeCursor(cursor), kind);
    return { ...toPage(rows, size, toItem), usedBytes: await this.media.usedBytes(brandId), quotaBytes: this.config.brandQuotaBytes };
  }

  async get(actor: Actor, mediaId: string): Promise<MediaItem & { storageKey: string }> {
    const row = await this.load(actor, mediaId, 'viewer');
    return { ...toItem(row), storageKey: row.storageKey };
  }

  async update(actor: Actor, mediaId: string, sent: { altText?: string | null; focus?: { x: number; y: number } | null }): Promise<MediaItem> {
    await this.load(actor, mediaId, 'editor');
    // The patch as the gateway checks it (ADR 195), for any sender (ADR 202): the text's length, the focus's axes, no other fields.
    const patch = checkedByShape(UpdateMediaShape, sent, bracketed);
    const altText = patch.altText === undefined ? undefined : trimmedAltText(patch.altText);
    const focus = patch.focus;
    await this.uow.transaction(() => this.media.update(mediaId, { altText, focus }));
    return toItem((await this.media.find(mediaId)) as MediaRow);
  }

  /** Refused (409 MEDIA_IN_USE) while a scheduled or queued post carries it; its bytes go after the row. */
  async delete(actor: Actor, mediaId: string): Promise<void> {
    const row = await this.load(actor, mediaId, 'editor');
    await this.uow.transaction(async () => {
      await this.media.lock(mediaId);
      const waiting = await this.media.waitingContentIds(mediaId);
      if (waiting.length > 0) {
        throw new MeshError(
          'MEDIA_IN_USE',
          `This medium is on ${waiting.length === 1 ? '1 scheduled post' : `${waiting.length} scheduled posts`}; unschedule ${waiting.length === 1 ? 'it' : 'them'} or take the medium off first`,
          { status: 409, retryable: false, details: { contentIds: waiting } },
        );
      }
      await this.media.delete(mediaId);
    });
    await this.blobs.delete(row.storageKey);
  }

  /** Sets the media a post carries (in this order); each must be the post's brand's, and fit its platform. */
  async attach(actor: Actor, contentId: string, sent: string[]): Promise<ContentMedia> {
    const copy = await this.contents.findLive(contentId);
    if (!copy) throw new MeshError('NOT_FOUND', 'No such content', { status: 404, retryable: false });
    await this.access.require(actor, copy.brandId, 'editor');
    // As the gateway checks it (ADR 195), for any sender (ADR 202): at most 20 UUIDs.
    const { mediaIds } = checkedByShape(AttachMediaShape, { mediaIds: sent }, bracketed);
    if (new Set(mediaIds).size !== mediaIds.length) throw invalid('mediaIds', 'must not name a medium twice');
    const rows = await this.media.findMany(mediaIds);
    const byId = new Map(rows.filter((r) => r.brandId === copy.brandId).map((r) => [r.id, r]));
    const missing = mediaIds.findIndex((id) => !byId.has(id));
    if (missing >= 0) throw invalid(`mediaIds[${missing}]`, "is not a medium of this post's brand");
    const ordered = mediaIds.map((id) => byId.get(id) as MediaRow);
    const problems = isPlatformId(copy.platform)
      ? mediaProblems(copy.platform, ordered)
      : [{ field: 'mediaIds', message: "This post's platform takes no media." }];
    if (problems.length > 0) {
      throw new MeshError('MEDIA_NOT_ALLOWED', problems.map((p) => p.message).join(' '), {
        status: 422,
        retryable: false,
        details: { errors: problems },
      });
    }
    await this.uow.transaction(async () => {
      for (const id of mediaIds) await this.media.lock(id);
      // A medium deleted between the check and here is gone: the insert's foreign key refuses it.
      await this.media.replaceAttachments(contentId, copy.brandId, mediaIds);
    });
    return { contentId, mediaIds, media: ordered.map(toItem) };
  }

  async ofContent(actor: Actor, contentId: string): Promise<ContentMedia> {
    const copy = await this.contents.findLive(contentId);
    if (!copy) throw new MeshError('NOT_FOUND', 'No such content', { status: 404, retryable: false });
    await this.access.require(actor, copy.brandId, 'viewer');
    const rows = await this.media.attachedTo(contentId);
    return { contentId, mediaIds: rows.map((r) => r.id), media: rows.map(toItem) };
  }

  /**
   * The media ids of many posts in one query. A brand the actor cannot see contributes nothing
   * (its posts answer []), so asking about another brand's post reveals nothing.
   */
  async idsOfContents(actor: Actor, contentIds: string[]): Promise<MediaIdsOfContents> {
    const unique = [...new Set(contentIds)];
    const answer: MediaIdsOfContents = Object.fromEntries(unique.map((id) => [id, [] as string[]]));
    if (unique.length === 0) return answer;
    const rows = await this.media.attachmentsOf(unique);
    const visible = new Map<string, boolean>();
    for (const brandId of new Set(rows.map((r) => r.brandId))) {
      const role = actorReaches(actor, brandId) ? await this.access.roleOf(actor.userId, brandId) : null;
      visible.set(brandId, role !== null);
    }
    for (const r of rows) if (visible.get(r.brandId)) answer[r.contentId].push(r.mediaId);
    return answer;
  }

  private async load(actor: Actor, mediaId: string, role: 'viewer' | 'editor'): Promise<MediaRow> {
    const row = await this.media.find(mediaId);
    if (!row) throw notFound();
    try {
      await this.access.require(actor, row.brandId, role);
    } catch (err) {
      // Another brand's medium is not revealed.
      if (err instanceof MeshError && err.code === 'NOT_FOUND') throw notFound();
      throw err;
    }
    return row;
  }
}

export function toItem(r: MediaRow): MediaItem {
  return {
    id: r.id,
    brandId: r.brandId,
    type: r.kind,
    mimeType: r.mimeType,
    fileName: r.fileName,
    bytes: r.bytes,
    width: r.width,
    height: r.height,
    durationS: r.durationS,
    frameRate: r.frameRate,
    codec: r.codec,
    altText: r.altText,
    focus: r.focus,
    url: `/api/v1/media/${r.id}/file`,
    createdAt: r.createdAt.toISOString(),
  };
}

/** Kept trimmed; a text of spaces is no text. Its length is the shape's (UpdateMediaShape). */
function trimmedAltText(v: string | null | undefined): string | null {
  return v?.trim() || null;
}

function cleanName(name: string): string {
  const base = (name || 'upload').split(/[\\/]/).pop() ?? 'upload';
  // eslint-disable-next-line no-control-regex
  return [...base.replace(/[\u0000-\u001f\u007f]/g, '')].slice(0, FILE_NAME_MAX).join('') || 'upload';
}
