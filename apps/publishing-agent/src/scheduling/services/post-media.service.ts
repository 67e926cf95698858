import { Injectable } from '@nestjs/common';
import { BlobStore } from '@mt/runtime';
import type { OutboundMedia } from '../../channels/channel-gateway.port';
import { MediaRepository, type MediaRow } from '../repositories/media.repository';
import { RecentMediaBytes } from './recent-media-bytes';

/** The media a post carries, with their bytes, for one publish attempt (ADR 159). */
@Injectable()
export class PostMediaService {
  private readonly recent = new RecentMediaBytes();
  private readonly asked: { contentId: string; resolve: (rows: MediaRow[]) => void; reject: (err: unknown) => void }[] = [];

  constructor(
    private readonly media: MediaRepository,
    private readonly blobs: BlobStore,
  ) {}

  /**
   * The content's media, or a compose-once target's own selection when `mediaIds` is set (ADR 186).
   * Throws when a medium's bytes cannot be read now (the attempt is released and tried again).
   * Publishes of one medium close together share its bytes (one Buffer, read once, ADR 206):
   * providers read them and never write to them.
   */
  async of(contentId: string, mediaIds: string[] | null = null): Promise<OutboundMedia[]> {
    const rows = mediaIds === null ? await this.attachedTo(contentId) : await this.selected(mediaIds);
    return Promise.all(
      rows.map(async (m) => {
        const bytes = await this.recent.get(m.storageKey, m.bytes, () => this.blobs.get(m.storageKey));
        if (!bytes) throw new Error(`the bytes of ${m.fileName} are missing from the media store`);
        return {
          id: m.id,
          kind: m.kind,
          mimeType: m.mimeType,
          fileName: m.fileName,
          bytes,
          width: m.width,
          height: m.height,
          durationS: m.durationS,
          altText: m.altText,
          focus: m.focus,
          storageKey: m.storageKey,
        };
      }),
    );
  }

  /**
   * A post's media rows, asked for together with those of the other items claimed in the same
   * batch: the scheduler starts a claim's items in one turn of the event loop, and their queries
   * go as one (ADR 206). A failed query fails each of them, as its own query would have.
   */
  private attachedTo(contentId: string): Promise<MediaRow[]> {
    return new Promise<MediaRow[]>((resolve, reject) => {
      this.asked.push({ contentId, resolve, reject });
      if (this.asked.length === 1) setImmediate(() => void this.askTogether());
    });
  }

  private async askTogether(): Promise<void> {
    const batch = this.asked.splice(0);
    try {
      const found = await this.media.attachedToMany([...new Set(batch.map((b) => b.contentId))]);
      for (const b of batch) b.resolve(found.get(b.contentId) ?? []);
    } catch (err) {
      for (const b of batch) b.reject(err);
    }
  }

  private async selected(ids: string[]) {
    const rows = await this.media.findMany(ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => {
      const row = byId.get(id);
      // A medium on a waiting item cannot be deleted (MediaService.delete): a missing one is an operator's matter.
      if (!row) throw new Error(`medium ${id} is no longer in the media library`);
      return row;
    });
  }
}
