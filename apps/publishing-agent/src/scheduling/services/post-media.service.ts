import { Injectable } from '@nestjs/common';
import { BlobStore } from '@mt/runtime';
import type { OutboundMedia } from '../../channels/channel-gateway.port';
import { MediaRepository } from '../repositories/media.repository';

/** The media a post carries, with their bytes, for one publish attempt (ADR 159). */
@Injectable()
export class PostMediaService {
  constructor(
    private readonly media: MediaRepository,
    private readonly blobs: BlobStore,
  ) {}

  /** Throws when a medium's bytes cannot be read now (the attempt is released and tried again). */
  async of(contentId: string): Promise<OutboundMedia[]> {
    const rows = await this.media.attachedTo(contentId);
    return Promise.all(
      rows.map(async (m) => {
        const bytes = await this.blobs.get(m.storageKey);
        if (!bytes) throw new Error(`the bytes of ${m.fileName} are missing from the media store`);
        return {
          id: m.id,
          kind: m.kind,
          mimeType: m.mimeType,
          fileName: m.fileName,
          bytes,
          width: m.width,
          height: m.height,
          altText: m.altText,
          focus: m.focus,
          storageKey: m.storageKey,
        };
      }),
    );
  }
}
