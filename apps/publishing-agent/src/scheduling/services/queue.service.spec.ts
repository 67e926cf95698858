import { randomUUID } from 'node:crypto';
import { type Actor, type BrandRole, type Connection, type Content, MeshError, type QueueSlot, type UnitOfWork } from '@mt/messages';
import { toLocal } from '@mt/runtime';
import { type BrandAccessService, type BrandProfileService } from '@mt/replicas';
import type { MediumContext } from '../../../../../test/support/medium';
import { newPublishingMedium } from '../../../test/medium';
import type { ChannelGateway } from '../../channels/channel-gateway.port';
import { ContentReplicaRepository } from '../../replicas/content-replica.repository';
import { ContentTargetRepository } from '../repositories/content-target.repository';
import { MediaRepository } from '../repositories/media.repository';
import { PublishingSettingsRepository } from '../repositories/publishing-settings.repository';
import { QueueScheduleRepository } from '../repositories/queue-schedule.repository';
import { ScheduleItemRepository } from '../repositories/schedule-item.repository';
import { ScheduleReplicaRepository } from '../../replicas/schedule-replica.repository';
import { ContentCopyService } from './content-copy.service';
import { PublishingSettingsService } from './publishing-settings.service';
import { planQueue, QUEUE_HORIZON_MS, QUEUE_LEAD_MS, slotInstants } from './queue-plan';
import { QueueReflow } from './queue-reflow';
import { QueueService } from './queue.service';
import { ScheduleChannels } from './schedule-channels';
import { ScheduleService } from './schedule.service';
import { SchedulerWakeup } from './scheduler-wakeup';
import { TargetsService } from './targets.service';

const iso = (d: Date) => d.toISOString();
const instants = (slots: QueueSlot[], tz: string, after: string, count: number) => {
  const out: string[] = [];
  for (const d of slotInstants(slots, tz, new Date(after), new Date(Date.parse(after) + QUEUE_HORIZON_MS))) {
    out.push(iso(d));
    if (out.length === count) break;
  }
  return out;
};

describe('queue slots in the brand’s time zone', () => {
  it('reads weekly wall-clock times in the zone: Monday 09:00 and Wednesday 12:30 in Berlin in winter are 08:00Z and 11:30Z', () => {
    const slots: QueueSlot[] = [
      { weekday: 'wed', time: '12:30' },
      { weekday: 'mon', time: '09:00' },
    ];
    // Sunday 6 December 2026, noon UTC.
    expect(instants(slots, 'Europe/Berlin', '2026-12-06T12:00:00Z', 4)).toEqual([
      '2026-12-07T08:00:00.000Z',
      '2026-12-09T11:30:00.000Z',
      '2026-12-14T08:00:00.000Z',
      '2026-12-16T11:30:00.000Z',
    ]);
    // The same slots in Tokyo (UTC+9, no summer time): Monday 09:00 there is Monday 00:00Z.
    expect(instants(slots, 'Asia/Tokyo', '2026-12-06T12:00:00Z', 2)).toEqual(['2026-12-07T00:00:00.000Z', '2026-12-09T03:30:00.000Z']);
  });

  it('keeps 09:00 at 09:00 across the change to summer time, and moves a slot in the skipped hour past the jump (Berlin, 28 March 2027)', () => {
    const slots: QueueSlot[] = [
      { weekday: 'sat', time: '09:00' },
      { weekday: 'sun', time: '02:30' },
      { weekday: 'sun', time: '03:30' },
      { weekday: 'sun', time: '09:00' },
      { weekday: 'mon', time: '09:00' },
    ];
    const got = instants(slots, 'Europe/Berlin', '2027-03-26T12:00:00Z', 5);
    expect(got).toEqual([
      '2027-03-27T08:00:00.000Z', // Saturday 09:00 CET (+01:00)
      '2027-03-28T01:30:00.000Z', // Sunday 02:30 does not exist: 03:30 CEST; the 03:30 slot is the same instant, given once
      '2027-03-28T07:00:00.000Z', // Sunday 09:00 CEST (+02:00)
      '2027-03-29T07:00:00.000Z', // Monday 09:00 CEST
      '2027-04-03T07:00:00.000Z', // the next Saturday, now in summer time
    ]);
    expect(got.map((t) => toLocal(t, 'Europe/Berlin').time)).toEqual(['09:00', '03:30', '09:00', '09:00', '09:00']);
  });

  it('takes the first of a time that happens twice when summer time ends (Berlin, 25 October 2026) and New York’s own change week', () => {
    const slots: QueueSlot[] = [
      { weekday: 'sun', time: '02:30' },
      { weekday: 'sun', time: '09:00' },
    ];
    expect(instants(slots, 'Europe/Berlin', '2026-10-24T12:00:00Z', 2)).toEqual([
      '2026-10-25T00:30:00.000Z', // 02:30 CEST, the first of the two
      '2026-10-25T08:00:00.000Z', // 09:00 CET (+01:00)
    ]);
    // New York springs forward on 14 March 2027: Monday 09:00 is 14:00Z before and 13:00Z after.
    expect(instants([{ weekday: 'mon', time: '09:00' }], 'America/New_York', '2027-03-02T00:00:00Z', 3)).toEqual([
      '2027-03-08T14:00:00.000Z',
      '2027-03-15T13:00:00.000Z',
      '2027-03-22T13:00:00.000Z',
    ]);
  });

  it('packs the queue onto the free slots in order: fixed posts keep theirs, a removed post lets the later ones move up', () => {
    const slots: QueueSlot[] = [
      { weekday: 'mon', time: '09:00' },
      { weekday: 'wed', time: '09:00' },
      { weekday: 'fri', time: '09:00' },
    ];
    const now = new Date('2026-12-06T12:00:00Z');
    const free = instants(slots, 'Europe/Berlin', iso(now), 6).map((t) => new Date(t));
    const fixed = { id: 'manual', at: free[1], queued: false, movable: true };
    const queued = (id: string, at: Date) => ({ id, at, queued: true, movable: true });
    const first = planQueue({ slots, timezone: 'Europe/Berlin', now, posts: [fixed, queued('a', free[0]), queued('b', free[2])], append: 'c' });
    expect(first.placed.map((p) => [p.id, iso(p.at)])).toEqual([
      ['a', iso(free[0])],
      ['b', iso(free[2])],
      ['c', iso(free[3])],
    ]);
    // 'a' removed: 'b' and 'c' move up to the earliest free slots, around the fixed post.
    const after = planQueue({ slots, timezone: 'Europe/Berlin', now, posts: [fixed, queued('b', free[2]), queued('c', free[3])] });
    expect(after.placed.map((p) => [p.id, iso(p.at)])).toEqual([
      ['b', iso(free[0])],
      ['c', iso(free[2])],
    ]);
    // A queued post being published (or due within the lead time) holds its slot and is not moved.
    const busy = { id: 'busy', at: new Date(now.getTime() + QUEUE_LEAD_MS / 2), queued: true, movable: true };
    const claimed = { id: 'claimed', at: free[0], queued: true, movable: false };
    const held = planQueue({ slots, timezone: 'Europe/Berlin', now, posts: [busy, claimed, queued('d', free[4])] });
    expect(held.placed.map((p) => [p.id, iso(p.at)])).toEqual([['d', iso(free[1])]]);
    // Without slots nothing is placed.
    expect(planQueue({ slots: [], timezone: 'UTC', now, posts: [queued('e', free[0])] }).unplaced).toEqual(['e']);
  });
});

/** Queue use cases against PostgreSQL with the migrations applied; connections and access are small fakes. */
describe('QueueService (PostgreSQL)', () => {
  const TZ = 'Europe/Berlin';
  let ctx: MediumContext;
  let uow: UnitOfWork;
  let queue: QueueService;
  let schedule: ScheduleService;
  let copiesService: ContentCopyService;
  let copies: ContentReplicaRepository;
  let items: ScheduleItemRepository;
  let settings: PublishingSettingsService;
  const brandId = randomUUID();
  const roles = new Map<string, BrandRole>();
  const connections = new Map<string, Connection>();
  const owner: Actor = { userId: randomUUID() };
  const editor: Actor = { userId: randomUUID() };
  const viewer: Actor = { userId: randomUUID() };
  const outsider: Actor = { userId: randomUUID() };
  const RANK: Record<BrandRole, number> = { viewer: 1, editor: 2, owner: 3 };

  beforeAll(async () => {
    ctx = await newPublishingMedium({ label: 'queue', poolSize: 2 });
    uow = ctx.uow;
    roles.set(owner.userId, 'owner');
    roles.set(editor.userId, 'editor');
    roles.set(viewer.userId, 'viewer');
    const access = {
      require: async (actor: Actor, brand: string, needed: BrandRole) => {
        const role = brand === brandId ? roles.get(actor.userId) : undefined;
        if (!role) throw new MeshError('NOT_FOUND', 'No such brand', { status: 404, retryable: false });
        if (RANK[role] < RANK[needed]) throw new MeshError('FORBIDDEN', `needs ${needed}`, { status: 403, retryable: false });
        return role;
      },
    } as unknown as BrandAccessService;
    const profiles = {
      find: async () => ({ brand: { timezone: TZ }, voice: null }),
      get: async () => ({ brand: { timezone: TZ }, voice: null }),
    } as unknown as BrandProfileService;
    const gateway = { connection: async (id: string) => connections.get(id) ?? null } as unknown as ChannelGateway;
    items = new ScheduleItemRepository(uow);
    copies = new ContentReplicaRepository(uow);
    const reflow = new QueueReflow(items, new QueueScheduleRepository(uow), uow);
    settings = new PublishingSettingsService(new PublishingSettingsRepository(uow), access, profiles, uow, reflow);
    const channels = new ScheduleChannels(gateway);
    const wakeup = new SchedulerWakeup();
    const replica = new ScheduleReplicaRepository(uow);
    const media = new MediaRepository(uow);
    const targetRows = new ContentTargetRepository(uow);
    schedule = new ScheduleService(items, copies, replica, settings, channels, access, uow, wakeup, reflow, media, targetRows);
    const targets = new TargetsService(targetRows, items, media, schedule, settings, channels, access, uow);
    queue = new QueueService(items, new QueueScheduleRepository(uow), reflow, schedule, settings, channels, access, uow, wakeup, targets);
    copiesService = new ContentCopyService(copies, items, replica, schedule, settings, uow, reflow);
  });
  afterAll(async () => {
    await ctx?.stop();
  });

  const newConnection = (brand = brandId): string => {
    const id = randomUUID();
    const now = new Date().toISOString();
    connections.set(id, {
      id,
      brandId: brand,
      platform: 'webhook',
      displayName: `Feed ${connections.size + 1}`,
      status: 'active',
      statusReason: null,
      accountId: null,
      expiresAt: null,
      createdAt: now,
      updatedAt: now,
    });
    return id;
  };
  const newContent = async (status: 'approved' | 'draft' = 'approved'): Promise<string> => {
    const id = randomUUID();
    const now = new Date().toISOString();
    await uow.transaction(() =>
      copies.upsert({
        id,
        brandId,
        calendarEntryId: null,
        platform: 'webhook',
        status,
        body: `Post ${id.slice(0, 8)}: fresh beans, roasted this morning.`,
        hashtags: [],
        variants: [],
        approvedAt: status === 'approved' ? now : null,
        updatedAt: now,
      } as unknown as Content),
    );
    return id;
  };
  /**
   * Every weekday at two times six and twelve hours from now (Berlin wall clock, on the hour):
   * the next slot is hours away, so no slot passes while a test runs.
   */
  const farSlots = (): QueueSlot[] => {
    const hour = Number(toLocal(new Date(), TZ).time.slice(0, 2));
    const times = [(hour + 6) % 24, (hour + 12) % 24].map((h) => `${String(h).padStart(2, '0')}:00`);
    return (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).flatMap((weekday) => times.map((time) => ({ weekday, time })));
  };
  const upcoming = (slots: QueueSlot[], count: number) => instants(slots, TZ, new Date(Date.now() + QUEUE_LEAD_MS).toISOString(), count);
  const rejects = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      return err as MeshError;
    }
    throw new Error('expected a refusal');
  };
  const queuedTimes = async (connectionId: string) => (await queue.list(viewer, connectionId)).items.map((i) => [i.contentId, i.at]);

  it('saves the slots sorted, in the brand’s zone, for editors; viewers read them; another tenant gets 404', async () => {
    const c = newConnection();
    const view = await queue.updateSlots(editor, c, [
      { weekday: 'wed', time: '12:30' },
      { weekday: 'mon', time: '09:00' },
    ]);
    expect(view.slots).toEqual([
      { weekday: 'mon', time: '09:00' },
      { weekday: 'wed', time: '12:30' },
    ]);
    expect(view.timezone).toBe(TZ);
    expect((await queue.slots(viewer, c)).slots).toEqual(view.slots);
    expect((await rejects(queue.updateSlots(viewer, c, []))).code).toBe('FORBIDDEN');
    expect((await rejects(queue.slots(outsider, c))).code).toBe('NOT_FOUND');
    expect((await rejects(queue.slots(editor, newConnection(randomUUID())))).code).toBe('NOT_FOUND');
    const dup = await rejects(
      queue.updateSlots(editor, c, [
        { weekday: 'mon', time: '09:00' },
        { weekday: 'mon', time: '09:00' },
      ]),
    );
    expect({ code: dup.code, status: dup.status }).toEqual({ code: 'VALIDATION_FAILED', status: 400 });
    expect((await rejects(queue.updateSlots(editor, c, [{ weekday: 'mon', time: '24:00' }]))).code).toBe('VALIDATION_FAILED');
    // Every bad slot at once, named as the gateway names them, in the shape's words.
    const bad = await rejects(
      queue.updateSlots(editor, c, [
        { weekday: 'mon', time: '9:00' },
        { weekday: 'sun', time: '10:00', at: 'x' } as QueueSlot,
        { weekday: 'sun', time: '10:00' },
      ]),
    );
    expect({ message: bad.message, details: bad.details }).toEqual({
      message: 'slots.0.time must be a time HH:mm (00:00–23:59); slots.1.at is not a known field; slots.2 repeats sun 10:00',
      details: {
        errors: [
          { field: 'slots.0.time', message: 'must be a time HH:mm (00:00–23:59)' },
          { field: 'slots.1.at', message: 'is not a known field' },
          { field: 'slots.2', message: 'repeats sun 10:00' },
        ],
      },
    });
    expect((await rejects(queue.updateSlots(editor, c, 'mon 09:00' as unknown as QueueSlot[]))).details).toEqual({
      errors: [{ field: 'slots', message: 'must be a list of {weekday, time}' }],
    });
  });

  it('puts three posts on the next three free slots, around a post scheduled by hand, and moves the later ones up when one leaves', async () => {
    const c = newConnection();
    const slots = farSlots();
    await queue.updateSlots(editor, c, slots);
    const free = upcoming(slots, 6);
    // A post scheduled by hand at the second slot's time takes that slot.
    const manual = await newContent();
    await schedule.schedule(editor, manual, free[1], [c]);
    const [a, b, d] = [await newContent(), await newContent(), await newContent()];
    const added = [];
    for (const id of [a, b, d]) added.push((await queue.add(editor, id, [c])).items[0]);
    expect(added.map((i) => [i.position, i.at, i.queued])).toEqual([
      [1, free[0], true],
      [2, free[2], true],
      [3, free[3], true],
    ]);
    expect(added[0].localAt.slice(0, 16)).toBe(`${toLocal(free[0], TZ).date}T${toLocal(free[0], TZ).time}`);
    // Adding again keeps the post's place.
    expect((await queue.add(editor, b, [c])).items[0]).toMatchObject({ position: 2, at: free[2] });

    const removed = await queue.remove(editor, a);
    expect(removed).toEqual({ contentId: a, removed: 1 });
    expect(await queuedTimes(c)).toEqual([
      [b, free[0]],
      [d, free[2]],
    ]);
    // The post scheduled by hand never moved.
    const manualItem = (await items.liveByContent(manual))[0];
    expect({ at: iso(manualItem.at), queued: manualItem.queued }).toEqual({ at: free[1], queued: false });
  });

  it('reflows when a queued post is unscheduled or its content deleted, and when a post is put by hand on a queued slot', async () => {
    const c = newConnection();
    const slots = farSlots();
    await queue.updateSlots(editor, c, slots);
    const free = upcoming(slots, 6);
    const [a, b, d, e] = [await newContent(), await newContent(), await newContent(), await newContent()];
    for (const id of [a, b, d, e]) await queue.add(editor, id, [c]);
    expect((await queuedTimes(c)).map((x) => x[1])).toEqual(free.slice(0, 4));

    await schedule.unschedule(editor, b);
    expect(await queuedTimes(c)).toEqual([
      [a, free[0]],
      [d, free[1]],
      [e, free[2]],
    ]);
    await uow.transaction(() => copiesService.deleted(a, brandId));
    expect(await queuedTimes(c)).toEqual([
      [d, free[0]],
      [e, free[1]],
    ]);
    // A post scheduled by hand on the first queued post's slot pushes the queue back, order kept.
    const manual = await newContent();
    await schedule.schedule(editor, manual, free[0], [c]);
    expect(await queuedTimes(c)).toEqual([
      [d, free[1]],
      [e, free[2]],
    ]);
    // A queued post given a time by hand leaves the queue: the rest move up, it stays where it was put.
    const later = new Date(Date.parse(free[5]) + 7 * 60_000).toISOString();
    await schedule.schedule(editor, d, later, [c]);
    expect(await queuedTimes(c)).toEqual([[e, free[1]]]);
    expect(iso((await items.liveByContent(d))[0].at)).toBe(later);
  });

  it('re-lays the queue on new slots, and refuses slots that would leave queued posts without one', async () => {
    const c = newConnection();
    const slots = farSlots();
    await queue.updateSlots(editor, c, slots);
    const [a, b] = [await newContent(), await newContent()];
    for (const id of [a, b]) await queue.add(editor, id, [c]);
    // Only the later of the two daily times: the posts move to those, in the same order.
    const fewer = slots.filter((s) => s.time === slots[1].time);
    const view = await queue.updateSlots(editor, c, fewer);
    const free = upcoming(fewer, 2);
    expect(view.items.map((i) => [i.contentId, i.at])).toEqual([
      [a, free[0]],
      [b, free[1]],
    ]);
    const refused = await rejects(queue.updateSlots(editor, c, []));
    expect({ code: refused.code, status: refused.status }).toEqual({ code: 'QUEUE_FULL', status: 409 });
    expect((await queue.slots(viewer, c)).slots).toEqual(fewer);
  });

  it('re-lays the queues when the brand’s schedule timezone changes: the same wall-clock slots are other instants', async () => {
    const c = newConnection();
    const slots = farSlots();
    await queue.updateSlots(editor, c, slots);
    const [a, b] = [await newContent(), await newContent()];
    for (const id of [a, b]) await queue.add(editor, id, [c]);
    try {
      await settings.update(owner, brandId, { autoApprove: false, timezone: 'America/New_York' });
      const view = await queue.list(viewer, c);
      expect(view.timezone).toBe('America/New_York');
      const inNewYork = instants(slots, 'America/New_York', new Date(Date.now() + QUEUE_LEAD_MS).toISOString(), 2);
      expect(view.items.map((i) => [i.contentId, i.at])).toEqual([
        [a, inNewYork[0]],
        [b, inNewYork[1]],
      ]);
      expect(view.items.map((i) => i.localAt.slice(11, 16))).toEqual(inNewYork.map((t) => toLocal(t, 'America/New_York').time));
    } finally {
      await settings.update(owner, brandId, { autoApprove: false, timezone: null });
    }
    expect((await queuedTimes(c)).map((x) => x[1])).toEqual(upcoming(slots, 2));
  });

  it('refuses unapproved content (CONTENT_NOT_APPROVED), a connection without slots, viewers and other tenants', async () => {
    const c = newConnection();
    await queue.updateSlots(editor, c, farSlots());
    const draft = await newContent('draft');
    const notApproved = await rejects(queue.add(editor, draft, [c]));
    expect({ code: notApproved.code, status: notApproved.status }).toEqual({ code: 'CONTENT_NOT_APPROVED', status: 409 });
    const post = await newContent();
    expect((await rejects(queue.add(editor, post, [newConnection()]))).code).toBe('QUEUE_HAS_NO_SLOTS');
    expect((await rejects(queue.add(viewer, post, [c]))).code).toBe('FORBIDDEN');
    expect((await rejects(queue.add(outsider, post, [c]))).code).toBe('NOT_FOUND');
    expect((await rejects(queue.add(editor, post, [newConnection(randomUUID())]))).code).toBe('CONNECTION_NOT_FOUND');
    expect((await queue.list(viewer, c)).items).toEqual([]);
  });
});
