import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type BrandRole,
  type CalendarEntry,
  type Connection,
  type Content,
  type ContentTargetInput,
  MeshError,
  type UnitOfWork,
} from '@mt/messages';
import { type BrandAccessService, type BrandProfileService } from '@mt/replicas';
import type { MediumContext } from '../../../../../test/support/medium';
import { newPublishingMedium } from '../../../test/medium';
import type { ChannelGateway } from '../../channels/channel-gateway.port';
import { ContentReplicaRepository } from '../../replicas/content-replica.repository';
import { ScheduleReplicaRepository } from '../../replicas/schedule-replica.repository';
import { ContentTargetRepository } from '../repositories/content-target.repository';
import { MediaRepository } from '../repositories/media.repository';
import { PublishingSettingsRepository } from '../repositories/publishing-settings.repository';
import { QueueScheduleRepository } from '../repositories/queue-schedule.repository';
import { ScheduleItemRepository } from '../repositories/schedule-item.repository';
import { ContentCopyService } from './content-copy.service';
import { PublishingSettingsService } from './publishing-settings.service';
import { QueueReflow } from './queue-reflow';
import { ScheduleChannels } from './schedule-channels';
import { ScheduleService } from './schedule.service';
import { SchedulerWakeup } from './scheduler-wakeup';
import { TargetsService } from './targets.service';

/** Compose-once targets (ADR 186) against PostgreSQL with the migrations applied; connections and access are small fakes. */
describe('TargetsService (PostgreSQL)', () => {
  let ctx: MediumContext;
  let uow: UnitOfWork;
  let targets: TargetsService;
  let copiesService: ContentCopyService;
  let copies: ContentReplicaRepository;
  let items: ScheduleItemRepository;
  let media: MediaRepository;
  const brandId = randomUUID();
  const otherBrand = randomUUID();
  const roles = new Map<string, BrandRole>();
  const connections = new Map<string, Connection>();
  const editor: Actor = { userId: randomUUID() };
  const viewer: Actor = { userId: randomUUID() };
  const outsider: Actor = { userId: randomUUID() };
  const RANK: Record<BrandRole, number> = { viewer: 1, editor: 2, owner: 3 };

  beforeAll(async () => {
    ctx = await newPublishingMedium({ label: 'targets', poolSize: 2 });
    uow = ctx.uow;
    roles.set(editor.userId, 'editor');
    roles.set(viewer.userId, 'viewer');
    const roleOf = async (userId: string, brand: string) => (brand === brandId ? (roles.get(userId) ?? null) : null);
    const access = {
      roleOf,
      require: async (actor: Actor, brand: string, needed: BrandRole) => {
        const role = await roleOf(actor.userId, brand);
        if (!role) throw new MeshError('NOT_FOUND', 'No such brand', { status: 404, retryable: false });
        if (RANK[role] < RANK[needed]) throw new MeshError('FORBIDDEN', `needs ${needed}`, { status: 403, retryable: false });
        return role;
      },
    } as unknown as BrandAccessService;
    const profiles = { find: async () => ({ brand: { timezone: 'UTC' }, voice: null }), get: async () => ({ brand: { timezone: 'UTC' }, voice: null }) };
    const gateway = { connection: async (id: string) => connections.get(id) ?? null } as unknown as ChannelGateway;
    items = new ScheduleItemRepository(uow);
    copies = new ContentReplicaRepository(uow);
    media = new MediaRepository(uow);
    const reflow = new QueueReflow(items, new QueueScheduleRepository(uow), uow);
    const settings = new PublishingSettingsService(new PublishingSettingsRepository(uow), access, profiles as unknown as BrandProfileService, uow, reflow);
    const channels = new ScheduleChannels(gateway);
    const replica = new ScheduleReplicaRepository(uow);
    const targetRows = new ContentTargetRepository(uow);
    const schedule = new ScheduleService(items, copies, replica, settings, channels, access, uow, new SchedulerWakeup(), reflow, media, targetRows);
    targets = new TargetsService(targetRows, items, media, schedule, settings, channels, access, uow);
    copiesService = new ContentCopyService(copies, items, replica, schedule, settings, uow, reflow, targetRows);
  });
  afterAll(async () => {
    await ctx?.stop();
  });

  const connect = (platform: string, brand = brandId): string => {
    const id = randomUUID();
    const now = new Date().toISOString();
    connections.set(id, {
      ...{ id, brandId: brand, platform, displayName: `${platform} ${connections.size + 1}`, status: 'active', statusReason: null },
      ...{ accountId: null, expiresAt: null, createdAt: now, updatedAt: now },
    });
    return id;
  };
  const content = (id: string, status: 'draft' | 'approved', body: string, updatedAt = new Date().toISOString()) =>
    ({
      ...{ id, brandId, calendarEntryId: null, campaignId: null, platform: 'linkedin', status, body },
      ...{ hashtags: ['Coffee', 'Ethiopia', 'Roastery'], variants: [], approvedAt: status === 'approved' ? updatedAt : null, updatedAt },
    }) as unknown as Content;
  const newContent = async (status: 'draft' | 'approved' = 'draft', body = 'Our Ethiopian single origin is back on the roaster this week.') => {
    const id = randomUUID();
    await uow.transaction(() => copies.upsert(content(id, status, body)));
    return id;
  };
  const approve = async (id: string) => {
    const copy = await copies.findLive(id);
    await uow.transaction(() => copies.upsert(content(id, 'approved', copy!.body, new Date(Date.now() + 1000).toISOString())));
  };
  const newMedium = async (kind: 'image' | 'video', brand = brandId) => {
    const id = randomUUID();
    await uow.transaction(() =>
      media.insert({
        ...{ id, brandId: brand, kind, mimeType: kind === 'image' ? 'image/png' : 'video/mp4', fileName: `${kind}.bin`, bytes: 1000 },
        ...{
          width: 800,
          height: 600,
          durationS: kind === 'video' ? 20 : null,
          frameRate: kind === 'video' ? 30 : null,
          codec: null,
          altText: 'Beans on a tray',
          focus: null,
        },
        ...{ storageKey: `${brand}/${id}`, createdBy: null },
      }),
    );
    return id;
  };
  const rejects = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      return err as MeshError;
    }
    throw new Error('expected a refusal');
  };
  const settle = (itemId: string, status: 'published' | 'failed') =>
    uow
      .manager()
      .query(
        status === 'published'
          ? `UPDATE publishing.schedule_item SET status = 'published', external_id = 'ext-' || id, url = 'https://example.social/p/' || id, published_at = now() WHERE id = $1`
          : `UPDATE publishing.schedule_item SET status = 'failed', error_code = 'REJECTED', error_message = 'The platform said no.' WHERE id = $1`,
        [itemId],
      );

  it('checks every target before keeping any: the brand’s connections, once each, texts and media each platform takes', async () => {
    const id = await newContent();
    const [sky, x, hook] = [connect('bluesky'), connect('x'), connect('webhook')];
    const foreignConnection = connect('webhook', otherBrand);
    const video = await newMedium('video');
    const image = await newMedium('image');
    const foreignImage = await newMedium('image', otherBrand);
    await uow.transaction(() => media.replaceAttachments(id, brandId, [video]));
    const tryTargets = (ts: ContentTargetInput[]) => rejects(targets.set(editor, id, ts));

    expect(await tryTargets([{ connectionId: sky, mediaIds: [image] }, { connectionId: x }, { connectionId: sky }])).toMatchObject({
      code: 'DUPLICATE_TARGET',
      status: 422,
      details: { errors: [{ field: 'targets[2].connectionId' }] },
    });
    expect(await tryTargets([{ connectionId: hook }, { connectionId: foreignConnection }])).toMatchObject({
      code: 'CONNECTION_NOT_FOUND',
      details: { errors: [{ field: 'targets[1].connectionId' }] },
    });
    expect(await tryTargets([{ connectionId: x, body: 'Y'.repeat(281) }])).toMatchObject({
      code: 'TARGET_TEXT_TOO_LONG',
      details: { errors: [{ field: 'targets[0].body', message: expect.stringMatching(/X allows 280/) }] },
    });
    expect(await tryTargets([{ connectionId: hook, mediaIds: [foreignImage] }])).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [{ field: 'targets[0].mediaIds[0]', message: "is not a medium of this post's brand" }] },
    });
    // The post's video would go to Bluesky, which takes none from this app.
    expect(await tryTargets([{ connectionId: x }, { connectionId: sky }])).toMatchObject({
      code: 'MEDIA_NOT_ALLOWED',
      details: { errors: [{ field: 'targets[1].mediaIds', message: 'Bluesky posts from this app carry no videos yet.' }] },
    });
    expect(await tryTargets([{ connectionId: x, body: '   ' }])).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      details: { errors: [{ field: 'targets[0].body' }] },
    });
    expect(await tryTargets([{ connectionId: x, at: '2020-01-01T00:00:00Z' }])).toMatchObject({
      code: 'SCHEDULE_IN_PAST',
      details: { errors: [{ field: 'targets[0].at' }] },
    });
    expect((await rejects(targets.set(viewer, id, [{ connectionId: x }]))).code).toBe('FORBIDDEN');
    expect((await rejects(targets.set(outsider, id, [{ connectionId: x }]))).code).toBe('NOT_FOUND');
    expect(await targets.ofContent(viewer, id)).toEqual({ contentId: id, targets: [] });

    const at = new Date(Date.now() + 86_400_000).toISOString();
    const set = await targets.set(editor, id, [
      { connectionId: sky, body: 'Ethiopia is back. Bright and floral.', mediaIds: [image] },
      { connectionId: x, at },
      { connectionId: hook, mediaIds: [] },
    ]);
    expect(set.targets).toEqual([
      {
        connectionId: sky,
        platform: 'bluesky',
        body: 'Ethiopia is back. Bright and floral.',
        mediaIds: [image],
        at: null,
        status: 'pending',
        scheduleId: null,
        attempts: 0,
        outcome: null,
      },
      { connectionId: x, platform: 'x', body: null, mediaIds: null, at, status: 'pending', scheduleId: null, attempts: 0, outcome: null },
      { connectionId: hook, platform: 'webhook', body: null, mediaIds: [], at: null, status: 'pending', scheduleId: null, attempts: 0, outcome: null },
    ]);
    // A second set replaces the whole set; the text-only webhook target cannot inherit the post's video, but may carry none.
    expect(await tryTargets([{ connectionId: hook }])).toMatchObject({
      code: 'MEDIA_NOT_ALLOWED',
      details: { errors: [{ message: 'Webhook posts from this app carry text only.' }] },
    });
    expect((await targets.set(editor, id, [{ connectionId: hook, mediaIds: [] }])).targets.map((t) => t.connectionId)).toEqual([hook]);
    // Approval covers the set: approved, it no longer changes.
    await approve(id);
    expect(await rejects(targets.set(editor, id, []))).toMatchObject({ code: 'CONTENT_APPROVED', status: 409 });
  });

  it('checks a set from any sender with the shape the gateway checks it with, naming each field as targets[i]', async () => {
    const id = await newContent();
    const x = connect('x');
    const send = (ts: unknown[]) => rejects(targets.set(editor, id, ts as ContentTargetInput[]));

    expect(await send(Array.from({ length: 21 }, () => ({ connectionId: connect('webhook') })))).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      details: { errors: [{ field: 'targets', message: 'must have at most 20 items' }] },
    });
    expect(await send([{ connectionId: 'not-a-connection' }])).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [{ field: 'targets[0].connectionId', message: 'must be a UUID' }] },
    });
    const err = await send([{ connectionId: x }, { connectionId: x, mediaIds: ['nope'], at: 'soon', pinned: true }, 'x']);
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect((err.details as { errors: unknown[] }).errors).toEqual([
      { field: 'targets[1].mediaIds[0]', message: 'must be a UUID' },
      { field: 'targets[1].at', message: 'must be a valid ISO 8601 date string' },
      { field: 'targets[1].pinned', message: 'is not a known field' },
      { field: 'targets[2]', message: 'each target must be an object' },
    ]);
    // The shape's limit comes before the platform's: a 100 001-character text is refused as too long for any post.
    expect(await send([{ connectionId: x, body: 'Y'.repeat(100_001) }])).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [{ field: 'targets[0].body', message: 'must be at most 100000 characters' }] },
    });
    // Access is checked first, whatever is sent; nothing refused was kept.
    expect((await rejects(targets.set(viewer, id, [{ connectionId: 'x' }]))).code).toBe('FORBIDDEN');
    expect(await targets.ofContent(editor, id)).toEqual({ contentId: id, targets: [] });
  });

  it('places one publication per target with its own text, media, time and key; a retry places only the failed ones', async () => {
    const id = await newContent();
    const [sky, x, toot, hook] = [connect('bluesky'), connect('x'), connect('mastodon'), connect('webhook')];
    const image = await newMedium('image');
    const later = new Date(Date.now() + 2 * 86_400_000);
    await targets.set(editor, id, [
      { connectionId: sky, body: 'Ethiopia is back.', mediaIds: [image] },
      { connectionId: x, at: later.toISOString() },
      { connectionId: toot },
      { connectionId: hook },
    ]);
    expect(await rejects(targets.scheduleOrPublish(editor, id, null, undefined))).toMatchObject({ code: 'CONTENT_NOT_APPROVED' });
    await approve(id);
    expect(await rejects(targets.scheduleOrPublish(editor, id, null, [connect('webhook')]))).toMatchObject({ code: 'NOT_A_TARGET', status: 422 });

    const base = new Date(Date.now() + 86_400_000);
    const placed = await targets.scheduleOrPublish(editor, id, base.toISOString(), undefined);
    expect(placed.items).toHaveLength(4);
    const rows = await items.liveByContent(id);
    const of = (c: string) => rows.find((r) => r.connectionId === c)!;
    expect(new Set(rows.map((r) => r.idempotencyKey)).size).toBe(4);
    expect(of(sky)).toMatchObject({ body: 'Ethiopia is back.', hashtags: ['Coffee', 'Ethiopia'], mediaIds: [image], ownBody: true, at: base });
    expect(of(x)).toMatchObject({
      body: 'Our Ethiopian single origin is back on the roaster this week.',
      hashtags: ['Coffee', 'Ethiopia'],
      mediaIds: null,
      at: later,
    });
    expect(of(toot)).toMatchObject({ platform: 'mastodon', at: base });

    // The post's text changes (auto-approved edits keep the schedule): targets that follow it take it, with their platform's hashtags.
    const copy = await copies.findLive(id);
    await uow.transaction(() =>
      copiesService.updated({ ...content(id, 'approved', 'New text for every follower.', new Date(Date.now() + 5000).toISOString()) }),
    );
    expect(copy).not.toBeNull();
    const edited = await items.liveByContent(id);
    expect(edited.find((r) => r.connectionId === sky)?.body).toBe('Ethiopia is back.');
    expect(edited.find((r) => r.connectionId === x)).toMatchObject({ body: 'New text for every follower.', hashtags: ['Coffee', 'Ethiopia'] });

    // Three go out, one fails: each target shows its own outcome.
    for (const c of [sky, x, toot]) await settle(of(c).id, 'published');
    await settle(of(hook).id, 'failed');
    const seen = (await targets.ofContents(viewer, [id]))[id];
    expect(seen.map((t) => [t.platform, t.status])).toEqual([
      ['bluesky', 'published'],
      ['x', 'published'],
      ['mastodon', 'published'],
      ['webhook', 'failed'],
    ]);
    expect(seen[0].outcome).toMatchObject({ url: `https://example.social/p/${of(sky).id}`, externalId: `ext-${of(sky).id}`, error: null });
    expect(seen[3].outcome).toMatchObject({ url: null, error: { code: 'REJECTED', message: 'The platform said no.' } });
    expect(await targets.ofContents(outsider, [id])).toEqual({});

    const retry = await targets.scheduleOrPublish(editor, id, null, undefined);
    expect(retry.items.map((i) => i.connectionId)).toEqual([hook]);
    expect(retry.items[0].id).not.toBe(of(hook).id);
    const again = (await targets.ofContent(viewer, id)).targets;
    expect(again.map((t) => t.status)).toEqual(['published', 'published', 'published', 'scheduled']);
    expect(again[3]).toMatchObject({ scheduleId: retry.items[0].id, outcome: { error: null } });
    await settle(retry.items[0].id, 'published');
    expect(await rejects(targets.scheduleOrPublish(editor, id, null, undefined))).toMatchObject({ code: 'NOTHING_TO_PUBLISH', status: 409 });
  });

  it('leaves a post without targets as it was: its own platform’s connections only', async () => {
    const id = await newContent('approved');
    expect(await rejects(targets.scheduleOrPublish(editor, id, null, [connect('x')]))).toMatchObject({ code: 'PLATFORM_MISMATCH' });
    expect(await rejects(targets.scheduleOrPublish(editor, id, null, undefined))).toMatchObject({ code: 'VALIDATION_FAILED' });
    const placed = await targets.scheduleOrPublish(editor, id, null, [connect('linkedin')]);
    expect(placed.items).toHaveLength(1);
    expect((await items.liveByContent(id))[0]).toMatchObject({ mediaIds: null, ownBody: false });
  });

  it('puts a new post of a calendar entry on its slot when its brand auto-approves, and leaves it off otherwise (ADR 227)', async () => {
    // Brands of their own: auto-approve would change what the other tests of this file see.
    const replica = new ScheduleReplicaRepository(uow);
    const slotAt = new Date(Date.now() + 3_600_000);
    const created = async (brand: ReturnType<typeof randomUUID>) => {
      const channel = connect('linkedin', brand);
      const entry = {
        id: randomUUID(),
        brandId: brand,
        campaignId: randomUUID(),
        platform: 'linkedin',
        scheduledAt: slotAt.toISOString(),
      } as unknown as CalendarEntry;
      const id = randomUUID();
      await uow.transaction(async () => {
        await replica.recordConnection(connections.get(channel)!);
        await replica.recordSlots([entry]);
      });
      await uow.transaction(() => copiesService.created({ ...content(id, 'draft', 'Fresh from the roaster.'), brandId: brand, calendarEntryId: entry.id }));
      return { id, channel };
    };
    const manual = await created(randomUUID());
    expect(await items.liveByContent(manual.id)).toEqual([]);
    expect(await copies.findLive(manual.id)).toMatchObject({ status: 'draft' });

    const auto = randomUUID();
    await uow.transaction(() =>
      new PublishingSettingsRepository(uow).upsert(
        auto,
        { autoApprove: true, timezone: null, utmEnabled: false, utmTemplate: null, shortenLinks: false },
        editor.userId,
      ),
    );
    const automatic = await created(auto);
    expect(await items.liveByContent(automatic.id)).toEqual([expect.objectContaining({ connectionId: automatic.channel, at: slotAt })]);
  });

  it('refuses to delete a medium that a waiting target carries', async () => {
    const id = await newContent();
    const toot = connect('mastodon');
    const image = await newMedium('image');
    await targets.set(editor, id, [{ connectionId: toot, mediaIds: [image] }]);
    await approve(id);
    await targets.scheduleOrPublish(editor, id, new Date(Date.now() + 86_400_000).toISOString(), undefined);
    expect(await media.waitingContentIds(image)).toEqual([id]);
  });
});
