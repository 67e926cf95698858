import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import type { MediaConfig } from './media.config';

/**
 * Bytes of uploaded media, by key (`<brandId>/<mediaId>` once stored, `staging/<uuid>` between the
 * gateway's upload and publishing-agent's inspection). The embedded default keeps them under
 * DATA_DIR; the services mode in any S3-compatible store (ADR 159).
 */
export abstract class BlobStore {
  abstract put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes, or null when there is no such key. */
  abstract get(key: string): Promise<Buffer | null>;
  /** Removing a missing key is not an error. */
  abstract delete(key: string): Promise<void>;
}

export class FsBlobStore extends BlobStore {
  constructor(private readonly folder: string) {
    super();
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.fileOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Written aside and renamed, so a reader never sees half a file.
    const tmp = `${file}.${randomUUID()}.part`;
    await writeFile(tmp, bytes);
    await rename(tmp, file);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.fileOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.fileOf(key), { force: true });
  }

  /** Where a key's file is; exported for tests that look at the folder. */
  fileOf(key: string): string {
    if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/.test(key) || key.includes('..')) throw new Error(`not a media key: ${key}`);
    return path.join(this.folder, ...key.split('/'));
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.fileOf(key)).then(
      () => true,
      () => false,
    );
  }
}

/** The S3 SDK (~20 MB of RSS), loaded only by a process that stores media in S3 (ADR 184). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const s3 = () => require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');

export class S3BlobStore extends BlobStore {
  private readonly client: S3Client;

  constructor(
    private readonly bucket: string,
    opts: { endpoint?: string; region: string; accessKeyId?: string; secretAccessKey?: string; forcePathStyle: boolean },
  ) {
    super();
    this.client = new (s3().S3Client)({
      region: opts.region,
      endpoint: opts.endpoint,
      forcePathStyle: opts.forcePathStyle,
      // Unset: the SDK's own chain (environment, web identity, instance profile).
      credentials: opts.accessKeyId && opts.secretAccessKey ? { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } : undefined,
    });
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.client.send(
      new (s3().PutObjectCommand)({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.byteLength }),
    );
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const out = await this.client.send(new (s3().GetObjectCommand)({ Bucket: this.bucket, Key: key }));
      return Buffer.from(await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
    } catch (err) {
      if (err instanceof s3().NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new (s3().DeleteObjectCommand)({ Bucket: this.bucket, Key: key }));
  }

  destroy(): void {
    this.client.destroy();
  }
}

export function createBlobStore(config: MediaConfig): BlobStore {
  const s = config.storage;
  return s.kind === 's3' ? new S3BlobStore(s.bucket, s) : new FsBlobStore(s.folder);
}

/** The injection token of the media configuration. */
export const MEDIA_CONFIG = Symbol('MEDIA_CONFIG');
