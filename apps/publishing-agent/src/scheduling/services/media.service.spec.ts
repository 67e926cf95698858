import type { Actor, UnitOfWork } from '@mt/messages';
import type { BlobStore, MediaConfig } from '@mt/runtime';
import type { BrandAccessService } from '@mt/replicas';
import type { ContentReplicaRepository } from '../../replicas/content-replica.repository';
import type { MediaRepository, MediaRow } from '../repositories/media.repository';
import type { MediaInspector } from './media-inspector';
import { MediaService } from './media.service';

const brandId = 'b0000000-0000-4000-8000-000000000001';
const mediaId = 'e0000000-0000-4000-8000-000000000001';
const actor: Actor = { userId: 'u0000000-0000-4000-8000-000000000001' };
const row: MediaRow = {
  ...{ id: mediaId, brandId, kind: 'image', mimeType: 'image/png', fileName: 'beans.png', bytes: 1000, width: 800, height: 600 },
  ...{ durationS: null, frameRate: null, codec: null, altText: null, focus: null, storageKey: `${brandId}/${mediaId}`, createdAt: new Date(), createdKey: 'k' },
};

/** The media library's checks with its repository, blob store and access faked; every write is kept. */
function setup() {
  const updates: unknown[] = [];
  const deleted: string[] = [];
  const service = new MediaService(
    {
      find: async () => row,
      findMany: async () => [],
      update: async (_id: string, patch: unknown) => void updates.push(patch),
    } as unknown as MediaRepository,
    { findLive: async () => ({ contentId: 'c', brandId, platform: 'mastodon' }) } as unknown as ContentReplicaRepository,
    { require: async () => 'editor' } as unknown as BrandAccessService,
    { get: async () => null, delete: async (key: string) => void deleted.push(key) } as unknown as BlobStore,
    {} as MediaInspector,
    { transaction: <T>(work: () => Promise<T>) => work() } as unknown as UnitOfWork,
    { brandQuotaBytes: 1_000_000 } as MediaConfig,
  );
  return { service, updates, deleted };
}

describe('MediaService: media fields from any sender, checked with the shapes the gateway checks them with (ADR 202)', () => {
  it('refuses a change the gateway refuses, naming every field', async () => {
    const { service, updates } = setup();
    await expect(service.update(actor, mediaId, { altText: 'x'.repeat(5001), focus: { x: 2, y: 0 }, tags: [] } as never)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      details: {
        errors: [
          { field: 'altText', message: 'must be at most 5000 characters' },
          { field: 'focus.x', message: 'must be a number from -1 to 1' },
          { field: 'tags', message: 'is not a known field' },
        ],
      },
    });
    expect(updates).toEqual([]);
    await service.update(actor, mediaId, { altText: '  Beans on a tray  ', focus: null });
    expect(updates).toEqual([{ altText: 'Beans on a tray', focus: null }]);
  });

  it('holds an upload’s text and focus to the same shape, before the file is looked at, and clears the staged file', async () => {
    const { service, deleted } = setup();
    await expect(
      service.ingest({ actor, brandId, stagingKey: 'staging/1', fileName: 'a.png', altText: 'x'.repeat(5001), focus: { x: 0, y: 5 } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: {
        errors: [
          { field: 'altText', message: 'must be at most 5000 characters' },
          { field: 'focus.y', message: 'must be a number from -1 to 1' },
        ],
      },
    });
    expect(deleted).toEqual(['staging/1']);
  });

  it('refuses media ids that are not UUIDs, or too many, before looking them up', async () => {
    const { service } = setup();
    await expect(service.attach(actor, 'c', ['nope'])).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [{ field: 'mediaIds[0]', message: 'must be a UUID' }] },
    });
    await expect(
      service.attach(
        actor,
        'c',
        Array.from({ length: 21 }, () => mediaId),
      ),
    ).rejects.toMatchObject({
      details: { errors: [{ field: 'mediaIds', message: 'must have at most 20 items' }] },
    });
    // Its own rule follows: a medium once.
    await expect(service.attach(actor, 'c', [mediaId, mediaId])).rejects.toMatchObject({
      details: { errors: [{ field: 'mediaIds', message: 'must not name a medium twice' }] },
    });
  });
});
