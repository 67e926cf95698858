import { randomUUID } from 'node:crypto';
import type { Actor } from '@mt/messages';
import { BlobStore, type MediaConfig } from '@mt/runtime';
import type { MediumContext } from '../../../../../test/support/medium';
import { newPublishingMedium } from '../../../test/medium';
import { ContentReplicaRepository } from '../../replicas/content-replica.repository';
import { MediaRepository } from '../repositories/media.repository';
import { MediaInspector } from './media-inspector';
import { MediaService } from './media.service';

/** The media ids the gateway adds to each post it answers (the HTTP contract: content carries `mediaIds[]`). */
describe('media ids of many posts at once', () => {
  let ctx: MediumContext;
  let service: MediaService;
  let media: MediaRepository;
  const owner: Actor = { userId: randomUUID() };
  const outsider: Actor = { userId: randomUUID() };
  const ours = randomUUID();
  const theirs = randomUUID();

  const medium = async (brandId: string) => {
    const id = randomUUID();
    await media.insert({
      ...{
        id,
        brandId,
        kind: 'image',
        mimeType: 'image/png',
        fileName: `${id}.png`,
        bytes: 10,
        width: 1,
        height: 1,
        durationS: null,
        frameRate: null,
        codec: null,
      },
      ...{ altText: null, focus: null, storageKey: `${brandId}/${id}`, createdBy: null },
    });
    return id;
  };

  beforeAll(async () => {
    ctx = await newPublishingMedium({ label: 'media_ids', poolSize: 2 });
    media = new MediaRepository(ctx.uow);
    const config: MediaConfig = { storage: { kind: 'fs', folder: '/nonexistent' }, maxUploadBytes: 1024, brandQuotaBytes: 1024, ffprobePath: 'ffprobe' };
    service = new MediaService(
      media,
      new ContentReplicaRepository(ctx.uow),
      ctx.access,
      {} as BlobStore,
      new MediaInspector(config.ffprobePath),
      ctx.uow,
      config,
    );
    await ctx.grant(ours, owner, 'owner');
    await ctx.grant(theirs, outsider, 'owner');
    await ctx.grant(theirs, owner, null);
    await ctx.grant(ours, outsider, null);
  });
  afterAll(() => ctx?.stop());

  it("answers each post's media in order, [] for a post without, and nothing of a brand the actor cannot see", async () => {
    const [a, b, c] = [await medium(ours), await medium(ours), await medium(theirs)];
    const [first, second, bare, foreign] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await ctx.uow.transaction(async () => {
      await media.replaceAttachments(first, ours, [b, a]);
      await media.replaceAttachments(second, ours, [a]);
      await media.replaceAttachments(foreign, theirs, [c]);
    });

    expect(await service.idsOfContents(owner, [first, second, bare, foreign, first])).toEqual({ [first]: [b, a], [second]: [a], [bare]: [], [foreign]: [] });
    expect(await service.idsOfContents(outsider, [first, foreign])).toEqual({ [first]: [], [foreign]: [c] });
    // A token restricted to other brands sees none of this brand's media, whatever the user's role.
    expect(await service.idsOfContents({ ...owner, brandIds: [theirs] }, [first])).toEqual({ [first]: [] });
    expect(await service.idsOfContents(owner, [])).toEqual({});
  });
});
