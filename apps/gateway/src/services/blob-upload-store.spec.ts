import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ERRORS, Upload } from '@tus/server';
import { type BlobStore, createBlobStore, loadMediaConfig } from '@mt/runtime';
import { FakeS3 } from '../../../../test/support/fake-s3';
import { BlobUploadStore, UPLOAD_PART_BYTES } from './blob-upload-store';

/** A request body that delivers `bytes` and then, if asked, dies (a connection cut mid-PATCH). */
function body(bytes: Buffer, cutAfter = false): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        // Two chunks, as a socket delivers them.
        this.push(bytes.subarray(0, Math.floor(bytes.length / 2)));
        this.push(bytes.subarray(Math.floor(bytes.length / 2)));
        if (cutAfter) setImmediate(() => this.destroy(new Error('aborted')));
        else this.push(null);
      }
    },
  });
}

function bytesOf(n: number, seed = 1): Buffer {
  const bytes = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) bytes[i] = (i * 31 + seed) & 255;
  return bytes;
}

/** The tus data store on the media blob store (ADR 188): on files (the embedded default) and on an S3-compatible server. */
describe.each(['fs', 's3'] as const)('BlobUploadStore on %s', (kind) => {
  let s3: FakeS3 | null = null;
  let folder: string;
  let blobs: BlobStore;
  let store: BlobUploadStore;

  beforeAll(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'mt-uploads-'));
    if (kind === 's3') s3 = await new FakeS3().start();
    blobs = createBlobStore(loadMediaConfig(s3 ? s3.env() : { MEDIA_DIR: folder }, folder));
    store = new BlobUploadStore(blobs);
  });

  afterAll(async () => {
    await s3?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  const create = (id: string, size?: number) => store.create(new Upload({ id, size, offset: 0, metadata: { brandId: 'b', ownerId: 'u' } }));

  it('keeps the bytes of several PATCHes in order and answers the whole file', async () => {
    const file = bytesOf(10_000);
    await create('one', file.length);
    expect(await store.write(body(file.subarray(0, 4_000)), 'one', 0)).toBe(4_000);
    expect((await store.getUpload('one')).offset).toBe(4_000);
    expect(await store.write(body(file.subarray(4_000)), 'one', 4_000)).toBe(10_000);
    const upload = await store.getUpload('one');
    expect({ offset: upload.offset, size: upload.size, metadata: upload.metadata }).toEqual({
      offset: 10_000,
      size: 10_000,
      metadata: { brandId: 'b', ownerId: 'u' },
    });
    expect((await store.read('one')).equals(file)).toBe(true);
  });

  it('keeps what arrived before a connection was cut, so the client resumes from there', async () => {
    const file = bytesOf(6_000, 5);
    await create('cut', file.length);
    await expect(store.write(body(file.subarray(0, 2_500), true), 'cut', 0)).rejects.toThrow('aborted');
    expect((await store.getUpload('cut')).offset).toBe(2_500);
    expect(await store.write(body(file.subarray(2_500)), 'cut', 2_500)).toBe(6_000);
    expect((await store.read('cut')).equals(file)).toBe(true);
  });

  it('stores a large PATCH in parts of at most 8 MB', async () => {
    const file = bytesOf(UPLOAD_PART_BYTES + 1_000, 9);
    await create('big', file.length);
    expect(await store.write(body(file), 'big', 0)).toBe(file.length);
    expect((await store.read('big')).equals(file)).toBe(true);
    const parts = [await blobs.get('uploads/big/part-0'), await blobs.get(`uploads/big/part-${UPLOAD_PART_BYTES}`)];
    expect(parts.map((p) => p?.length)).toEqual([UPLOAD_PART_BYTES, 1_000]);
  });

  it('refuses a PATCH from the wrong offset and an unknown upload, as the tus errors', async () => {
    await create('off', 100);
    await expect(store.write(body(bytesOf(10)), 'off', 50)).rejects.toBe(ERRORS.INVALID_OFFSET);
    await expect(store.getUpload('nothing')).rejects.toBe(ERRORS.FILE_NOT_FOUND);
    expect(await store.find('nothing')).toBeNull();
  });

  it('takes a deferred length, and removes an upload with every part', async () => {
    await create('later');
    expect((await store.getUpload('later')).sizeIsDeferred).toBe(true);
    await store.declareUploadLength('later', 20);
    await store.write(body(bytesOf(20)), 'later', 0);
    expect((await store.getUpload('later')).size).toBe(20);
    await store.remove('later');
    expect(await store.find('later')).toBeNull();
    expect(await blobs.get('uploads/later/part-0')).toBeNull();
  });
});
