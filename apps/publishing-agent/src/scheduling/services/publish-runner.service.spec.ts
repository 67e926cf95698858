import { MeshError, type UnitOfWork } from '@mt/messages';
import { Metrics } from '@mt/runtime';
import type { ScheduleItemEntity } from '../entities/scheduling.entities';
import type { ContentReplicaRepository } from '../../replicas/content-replica.repository';
import type { ScheduleItemRepository } from '../repositories/schedule-item.repository';
import type { ChannelGateway, OutboundPost, PublishOutcome, ReconcileOutcome } from '../../channels/channel-gateway.port';
import type { PostMediaService } from './post-media.service';
import type { PostLinksService } from './post-links.service';
import type { PublishFollowUps } from './publish-follow-ups';
import { PublishRunnerService } from './publish-runner.service';
import { PublishingMetrics } from './publishing-metrics';
import type { ScheduleChannels } from './schedule-channels';
import { loadSchedulerSettings } from './scheduler-settings';

/** The sum of a family's series whose labels include `labels` (label order in the text does not matter). */
async function sample(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number> {
  let total = 0;
  for (const line of (await metrics.text()).split('\n')) {
    const m = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...m[2].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) total += Number(m[3]);
  }
  return total;
}

const outcome = (o: string): [string, Record<string, string>] => ['publish_outcomes_total', { platform: 'medium', outcome: o }];

function setup(opts: {
  publish?: PublishOutcome;
  reconcile?: ReconcileOutcome | Error;
  attempts?: number;
  reconcileFirst?: boolean;
  deleted?: boolean;
  at?: Date;
  platformState?: Record<string, unknown> | null;
  /** What the fenced write of a provider's state answers (false: the claim was taken over). */
  keepHolds?: boolean;
}) {
  const calls = { publish: 0, reconcile: 0 };
  const gateway = {
    publish: jest.fn(async () => {
      calls.publish++;
      return opts.publish ?? { kind: 'published', externalId: 'x1', url: 'https://p/x1', publishedAt: new Date().toISOString() };
    }),
    reconcile: jest.fn(async () => {
      calls.reconcile++;
      if (opts.reconcile instanceof Error) throw opts.reconcile;
      return opts.reconcile ?? { found: false };
    }),
  } as unknown as ChannelGateway;
  const item = {
    id: 'i1',
    brandId: 'b1',
    contentId: 'c1',
    connectionId: 'k1',
    platform: 'medium',
    body: 'Hello',
    hashtags: [],
    idempotencyKey: 'mt-i1',
    claimedBy: 'me',
    attempts: opts.attempts ?? 1,
    reconcileFirst: opts.reconcileFirst ?? false,
    variantId: null,
    abTestId: null,
    at: opts.at ?? new Date(),
    platformState: opts.platformState ?? null,
  } as unknown as ScheduleItemEntity;
  const row = { ...item, externalId: 'x1', url: null, publishedAt: new Date() } as ScheduleItemEntity;
  const items = {
    release: jest.fn(async () => true),
    markFailed: jest.fn(async () => row),
    markPublishedMany: jest.fn(async () => [row]),
    markCancelled: jest.fn(async () => true),
    keepPlatformState: jest.fn(async () => opts.keepHolds ?? true),
  } as unknown as ScheduleItemRepository & Record<'release' | 'markFailed' | 'markPublishedMany' | 'markCancelled' | 'keepPlatformState', jest.Mock>;
  const events: [string, unknown][] = [];
  const uow = {
    transaction: async (fn: () => Promise<unknown>) => fn(),
    publishEvent: (type: string, payload: unknown) => {
      events.push([type, payload]);
      return { message_id: `m${events.length}`, event_type: type, payload };
    },
  } as unknown as UnitOfWork;
  const followUps = { published: jest.fn(async () => undefined), failed: jest.fn(async () => undefined) };
  const channels = { find: () => gateway } as unknown as ScheduleChannels;
  const contents = { isDeleted: jest.fn(async () => opts.deleted ?? false) } as unknown as ContentReplicaRepository;
  const settings = loadSchedulerSettings({ PUBLISH_MAX_ATTEMPTS: '3', PUBLISH_RETRY_BASE_MS: '1000' });
  const metrics = new Metrics('test');
  // Links are the post-links spec's business: here the text goes out as written.
  const postLinks = { bodyOf: async (i: { body: string }) => i.body } as unknown as PostLinksService;
  const runner = new PublishRunnerService(
    items,
    contents,
    channels,
    followUps as unknown as PublishFollowUps,
    uow,
    settings,
    new PublishingMetrics(metrics),
    postLinks,
    { of: async () => [] } as unknown as PostMediaService,
  );
  return { runner, item, items, events, calls, followUps, metrics, gateway: gateway as unknown as Record<'publish' | 'reconcile', jest.Mock> };
}

describe('PublishRunnerService', () => {
  it('publishes and announces content.published with the platform id', async () => {
    const t = setup({});
    await t.runner.run(t.item);
    expect(t.calls).toEqual({ publish: 1, reconcile: 0 });
    expect(t.events.map(([type, p]) => [type, (p as { externalId: string }).externalId])).toEqual([['content.published', 'x1']]);
    // The metrics schedule and webhook deliveries follow in the same transaction, from the event written.
    expect(t.followUps.published).toHaveBeenCalledWith([expect.objectContaining({ message_id: 'm1', payload: expect.objectContaining({ externalId: 'x1' }) })]);
    expect(await sample(t.metrics, ...outcome('published'))).toBe(1);
    expect(await sample(t.metrics, ...outcome('reconciled'))).toBe(0);
  });

  it('measures how late a first attempt started against its planned time, and only a first attempt', async () => {
    const late = setup({ at: new Date(Date.now() - 3_000) });
    await late.runner.run(late.item);
    expect(await sample(late.metrics, 'scheduler_lateness_seconds_count', { platform: 'medium' })).toBe(1);
    expect(await sample(late.metrics, 'scheduler_lateness_seconds_bucket', { platform: 'medium', le: '2.5' })).toBe(0);
    expect(await sample(late.metrics, 'scheduler_lateness_seconds_bucket', { platform: 'medium', le: '5' })).toBe(1);

    const retried = setup({ attempts: 2, at: new Date(Date.now() - 60_000) });
    await retried.runner.run(retried.item);
    expect(await sample(retried.metrics, 'scheduler_lateness_seconds_count', { platform: 'medium' })).toBe(0);
  });

  it('reconciles a reclaimed item first and records the post it finds, without posting again', async () => {
    const t = setup({ reconcileFirst: true, attempts: 2, reconcile: { found: true, externalId: 'x9', url: null, publishedAt: new Date().toISOString() } });
    await t.runner.run(t.item);
    expect(t.calls).toEqual({ publish: 0, reconcile: 1 });
    expect(t.items.markPublishedMany.mock.calls[0][0][0]).toMatchObject({ externalId: 'x9', fence: { id: 'i1', claimedBy: 'me', attempts: 2 } });
    expect(await sample(t.metrics, ...outcome('reconciled'))).toBe(1);
    expect(await sample(t.metrics, ...outcome('published'))).toBe(0);
  });

  it("hands the provider the item's kept state and a fenced way to keep more (ADR 181)", async () => {
    const t = setup({ reconcileFirst: true, attempts: 2, platformState: { phase: 'sent', publishId: 'v_pub_url~v2.1' } });
    let seen: unknown = null;
    t.gateway.reconcile.mockImplementationOnce(async (_c: string, post: OutboundPost) => {
      seen = { ...post.platformState };
      return { found: false };
    });
    t.gateway.publish.mockImplementationOnce(async (_c: string, post: OutboundPost) => {
      await post.keepState?.({ phase: 'init', at: 'now' });
      return { kind: 'published', externalId: 'x2', url: null, publishedAt: new Date().toISOString() };
    });
    await t.runner.run(t.item);
    // Reconcile saw what the earlier attempt kept; the new attempt's state went through the claim's fence.
    expect(seen).toEqual({ phase: 'sent', publishId: 'v_pub_url~v2.1' });
    expect(t.items.keepPlatformState).toHaveBeenCalledWith({ id: 'i1', claimedBy: 'me', attempts: 2 }, { phase: 'init', at: 'now' });

    const lost = setup({ keepHolds: false });
    let refusal: unknown = null;
    lost.gateway.publish.mockImplementationOnce(async (_c: string, post: OutboundPost) => {
      refusal = await post.keepState?.({ phase: 'init', at: 'now' }).then(
        () => null,
        (e: Error) => e.message,
      );
      return { kind: 'retryable', code: 'STATE_UNAVAILABLE', message: 'claim lost' };
    });
    await lost.runner.run(lost.item);
    expect(refusal).toBe('the claim on this schedule item was taken over');
  });

  it('never posts when the platform cannot be asked: a refusal to look fails the item in plain words', async () => {
    const t = setup({ reconcileFirst: true, attempts: 2, reconcile: new MeshError('RECONCILE_UNAVAILABLE', 'Medium has no read API', { retryable: false }) });
    await t.runner.run(t.item);
    expect(t.calls.publish).toBe(0);
    expect(t.items.markFailed.mock.calls[0][1]).toBe('RECONCILE_UNAVAILABLE');
    expect(t.items.markFailed.mock.calls[0][2]).toMatch(/could not confirm whether this post went out/);
    expect(t.events[0][0]).toBe('content.publish_failed');
    expect(t.followUps.failed).toHaveBeenCalledWith(expect.objectContaining({ event_type: 'content.publish_failed' }));
  });

  it('keeps an item unknown (to reconcile later) when the platform cannot be asked right now', async () => {
    const t = setup({ reconcileFirst: true, attempts: 2, reconcile: new MeshError('RECONCILE_FAILED', 'timeout', { retryable: true }) });
    await t.runner.run(t.item);
    expect(t.calls.publish).toBe(0);
    expect(t.items.release.mock.calls[0][1]).toBe('unknown');
  });

  it('looks again when the platform asks (TikTok still processing), not at its own shorter backoff', async () => {
    const still = new MeshError('RECONCILE_FAILED', 'TikTok is still processing the post', {
      retryable: true,
      details: { kind: 'transient', platformCode: 'STILL_PROCESSING', retryAfterMs: 60_000 },
    });
    const asked = setup({ reconcileFirst: true, attempts: 2, reconcile: still });
    const before = Date.now();
    await asked.runner.run(asked.item);
    const [, status, at, code] = asked.items.release.mock.calls[0] as [unknown, string, Date, string];
    expect([status, code]).toEqual(['unknown', 'RECONCILE_FAILED']);
    expect(at.getTime() - before).toBeGreaterThanOrEqual(60_000);
    expect(asked.calls.publish).toBe(0);

    // Nothing asked: the backoff (attempt 2 of a 1 s base: 1–2 s).
    const plain = setup({ reconcileFirst: true, attempts: 2, reconcile: new MeshError('RECONCILE_FAILED', 'timeout', { retryable: true }) });
    const then = Date.now();
    await plain.runner.run(plain.item);
    const plainAt = (plain.items.release.mock.calls[0] as [unknown, string, Date])[2].getTime() - then;
    expect(plainAt).toBeGreaterThanOrEqual(1_000);
    expect(plainAt).toBeLessThan(3_000);
  });

  it('marks an unknown outcome for reconciliation, backs off a retryable failure, fails a permanent one', async () => {
    const unknown = setup({ publish: { kind: 'unknown', reason: 'timeout' } });
    await unknown.runner.run(unknown.item);
    expect(unknown.items.release.mock.calls[0][1]).toBe('unknown');
    expect(await sample(unknown.metrics, ...outcome('unknown'))).toBe(1);

    const retry = setup({ publish: { kind: 'retryable', code: 'RATE_LIMITED', message: 'slow down', retryAfterMs: 60_000 } });
    const before = Date.now();
    await retry.runner.run(retry.item);
    const [, status, at] = retry.items.release.mock.calls[0] as [unknown, string, Date];
    expect(status).toBe('scheduled');
    expect(at.getTime() - before).toBeGreaterThanOrEqual(60_000);
    expect(await sample(retry.metrics, ...outcome('retried'))).toBe(1);

    const last = setup({ attempts: 3, publish: { kind: 'retryable', code: 'PLATFORM_UNAVAILABLE', message: 'down' } });
    await last.runner.run(last.item);
    expect(last.items.markFailed.mock.calls[0].slice(1)).toEqual(['PLATFORM_UNAVAILABLE', 'down']);

    const permanent = setup({ publish: { kind: 'permanent', code: 'REJECTED', message: 'LinkedIn says: the text is too long' } });
    await permanent.runner.run(permanent.item);
    expect(permanent.events[0]).toEqual([
      'content.publish_failed',
      expect.objectContaining({ code: 'REJECTED', message: 'LinkedIn says: the text is too long' }),
    ]);
    expect(await sample(permanent.metrics, ...outcome('failed'))).toBe(1);
    expect(await sample(permanent.metrics, ...outcome('published'))).toBe(0);
  });

  it('does not send again an unconfirmed post whose content was deleted meanwhile', async () => {
    const t = setup({ reconcileFirst: true, attempts: 2, deleted: true });
    await t.runner.run(t.item);
    expect(t.calls).toEqual({ publish: 0, reconcile: 1 });
    expect(t.items.markCancelled.mock.calls[0][1]).toBe('CONTENT_DELETED');
  });
});
