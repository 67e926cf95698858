import type { BlobStore } from '@mt/runtime';
import type { MediaRepository, MediaRow } from '../repositories/media.repository';
import { PostMediaService } from './post-media.service';

const row = (id: string, fileName: string): MediaRow => ({
  id,
  brandId: 'b1',
  kind: 'image',
  mimeType: 'image/jpeg',
  fileName,
  bytes: 4,
  width: 10,
  height: 10,
  durationS: null,
  frameRate: null,
  codec: null,
  altText: `Alt of ${fileName}`,
  focus: null,
  storageKey: `b1/${id}`,
  createdAt: new Date(),
  createdKey: '',
});

function setup(attached: Record<string, MediaRow[]>, fail = false) {
  const asked: string[][] = [];
  const media = {
    attachedToMany: jest.fn(async (ids: string[]) => {
      asked.push(ids);
      if (fail) throw new Error('connection terminated');
      return new Map(ids.map((id) => [id, attached[id] ?? []]));
    }),
  } as unknown as MediaRepository;
  const reads: string[] = [];
  const blobs = {
    get: jest.fn(async (key: string) => {
      reads.push(key);
      return Buffer.from(key);
    }),
  } as unknown as BlobStore;
  return { service: new PostMediaService(media, blobs), asked, reads };
}

describe('PostMediaService', () => {
  it("gives each post its own media in order, asking for a claim's posts in one query and reading a shared image once", async () => {
    const t = setup({ c1: [row('m1', 'crema.jpg'), row('m2', 'beans.jpg')], c2: [row('m1', 'crema.jpg')] });
    const [c1, c2, c3] = await Promise.all([t.service.of('c1'), t.service.of('c2'), t.service.of('c3')]);
    expect(t.asked).toEqual([['c1', 'c2', 'c3']]);
    expect(c1.map((m) => [m.fileName, m.altText, m.bytes.toString()])).toEqual([
      ['crema.jpg', 'Alt of crema.jpg', 'b1/m1'],
      ['beans.jpg', 'Alt of beans.jpg', 'b1/m2'],
    ]);
    expect(c2.map((m) => m.fileName)).toEqual(['crema.jpg']);
    expect(c3).toEqual([]);
    expect(t.reads.sort()).toEqual(['b1/m1', 'b1/m2']);
    // A later post asks again.
    await t.service.of('c2');
    expect(t.asked).toEqual([['c1', 'c2', 'c3'], ['c2']]);
  });

  it('fails each post of the batch when the query fails', async () => {
    const t = setup({}, true);
    const results = await Promise.allSettled([t.service.of('c1'), t.service.of('c2')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(t.asked).toEqual([['c1', 'c2']]);
  });
});
