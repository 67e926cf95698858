import type { Readable } from 'node:stream';
import { DataStore, ERRORS, Upload } from '@tus/server';
import type { BlobStore } from '@mt/runtime';

/** What the store keeps of one upload, beside its parts. */
interface UploadInfo {
  id: string;
  size?: number;
  offset: number;
  metadata?: Record<string, string | null>;
  creation_date?: string;
  /** The received bytes in order, each part a blob of its own. */
  parts: { key: string; bytes: number }[];
}

/** Received bytes are kept in parts of this size, so a PATCH cut short keeps all but its last part's worth. */
export const UPLOAD_PART_BYTES = 8 * 1024 * 1024;

const infoKey = (id: string) => `uploads/${id}/info.json`;

/**
 * A tus data store (ADR 188) on the media blob store: the files under MEDIA_DIR in the embedded
 * default, the S3-compatible bucket in the services mode, so every gateway replica resumes any
 * upload. Each upload is an info blob (size, offset, metadata, the list of parts) and its parts;
 * a part is written before the info that counts it, so a gateway killed mid-PATCH leaves an
 * offset that only counts whole, stored parts (an orphan part is overwritten on resume).
 */
export class BlobUploadStore extends DataStore {
  constructor(private readonly blobs: BlobStore) {
    super();
    this.extensions = ['creation', 'creation-with-upload', 'creation-defer-length', 'termination'];
  }

  override async create(upload: Upload): Promise<Upload> {
    const info: UploadInfo = {
      id: upload.id,
      size: upload.size,
      offset: 0,
      metadata: upload.metadata,
      creation_date: upload.creation_date ?? new Date().toISOString(),
      parts: [],
    };
    await this.save(info);
    return this.toUpload(info);
  }

  override async getUpload(id: string): Promise<Upload> {
    return this.toUpload(await this.info(id));
  }

  /** The upload's info, or null when there is none (no tus error: for the gateway's own checks). */
  async find(id: string): Promise<Upload | null> {
    const raw = await this.blobs.get(infoKey(id));
    return raw ? this.toUpload(JSON.parse(raw.toString('utf8')) as UploadInfo) : null;
  }

  override async declareUploadLength(id: string, size: number): Promise<void> {
    const info = await this.info(id);
    info.size = size;
    await this.save(info);
  }

  override async write(stream: Readable, id: string, offset: number): Promise<number> {
    const info = await this.info(id);
    if (info.offset !== offset) throw ERRORS.INVALID_OFFSET;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const store = async (bytes: Buffer) => {
      const key = `uploads/${id}/part-${info.offset}`;
      await this.blobs.put(key, bytes, 'application/octet-stream');
      info.parts.push({ key, bytes: bytes.length });
      info.offset += bytes.length;
      await this.save(info);
    };
    /** Whole parts while there are enough bytes for one; with `all`, the rest too. */
    const flush = async (all: boolean) => {
      let held = Buffer.concat(pending, pendingBytes);
      while (held.length >= UPLOAD_PART_BYTES || (all && held.length > 0)) {
        const part = held.subarray(0, Math.min(UPLOAD_PART_BYTES, held.length));
        held = held.subarray(part.length);
        await store(part);
      }
      pending = held.length > 0 ? [held] : [];
      pendingBytes = held.length;
    };
    try {
      for await (const chunk of stream) {
        const buf = chunk as Buffer;
        pending.push(buf);
        pendingBytes += buf.length;
        if (pendingBytes >= UPLOAD_PART_BYTES) await flush(false);
      }
    } finally {
      // A request cut short keeps what arrived: the client resumes from the offset a HEAD answers.
      await flush(true);
    }
    return info.offset;
  }

  override async remove(id: string): Promise<void> {
    const info = await this.info(id);
    await this.blobs.delete(infoKey(id));
    for (const part of info.parts) await this.blobs.delete(part.key);
  }

  /** The whole file, once every byte has arrived. */
  async read(id: string): Promise<Buffer> {
    const info = await this.info(id);
    const parts: Buffer[] = [];
    for (const part of info.parts) {
      const bytes = await this.blobs.get(part.key);
      if (!bytes || bytes.length !== part.bytes) throw new Error(`upload ${id}: part ${part.key} is missing from the media store`);
      parts.push(bytes);
    }
    return Buffer.concat(parts, info.offset);
  }

  private async info(id: string): Promise<UploadInfo> {
    const raw = await this.blobs.get(infoKey(id));
    if (!raw) throw ERRORS.FILE_NOT_FOUND;
    return JSON.parse(raw.toString('utf8')) as UploadInfo;
  }

  private save(info: UploadInfo): Promise<void> {
    return this.blobs.put(infoKey(info.id), Buffer.from(JSON.stringify(info)), 'application/json');
  }

  private toUpload(info: UploadInfo): Upload {
    return new Upload({ id: info.id, size: info.size, offset: info.offset, metadata: info.metadata, creation_date: info.creation_date });
  }
}
