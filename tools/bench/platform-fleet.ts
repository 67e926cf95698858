/**
 * The platforms a scheduling benchmark or test publishes to: the local fakes of Mastodon,
 * Bluesky, WordPress and a Standard-Webhooks receiver (apps/publishing-agent/test/fakes), each
 * answering after `latencyMs`, as they document: Mastodon answers a repeated Idempotency-Key with
 * the first status, the webhook receiver drops a webhook-id it has seen, and Bluesky and
 * WordPress post whatever they are sent — so a second publish of one item shows there as a
 * second post.
 *
 * Every post made is logged with the schedule item it carries (its body names the item id) and
 * the time the platform stored it; that log is what duplicates, losses and lateness are counted on.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import {
  BlueskyFake,
  type FakePlatform,
  type FakeReply,
  type FakeRequest,
  MastodonFake,
  WebhookReceiverFake,
  WordPressFake,
} from '../../apps/publishing-agent/test/fakes';

export type FleetPlatform = 'mastodon' | 'bluesky' | 'wordpress' | 'webhook';
export const FLEET_PLATFORMS: FleetPlatform[] = ['mastodon', 'bluesky', 'wordpress', 'webhook'];

/** What POST /connections would be sent for one of the fleet's accounts. */
export interface FleetAccount {
  platform: FleetPlatform;
  credentials: Record<string, string>;
  config: Record<string, string>;
}

/** One post a platform stored. */
export interface MadePost {
  platform: FleetPlatform;
  itemId: string;
  at: number;
  /** The media the stored post shows (Mastodon attachments, Bluesky images, WordPress featured image). */
  media: number;
}

/** The fleet, wherever it runs (this process or a child). */
export interface Fleet {
  accounts: FleetAccount[];
  /** Every post made, in order. */
  made(): Promise<MadePost[]>;
  /** Publish requests received per item (a retry the platform dropped still counts here). */
  publishRequests(): Promise<Record<string, number>>;
  setLatency(ms: number): Promise<void>;
  /** The next `times` publishes to `platform` are stored and then never answered. */
  acceptThenHang(platform: FleetPlatform, times: number): Promise<void>;
  /** Drops the failures not yet used. */
  clearFailures(): Promise<void>;
  stop(): Promise<void>;
  /** The fleet's process id when it runs in a child (for its CPU time), else absent. */
  pid?: number;
}

const ITEM_ID = /Scheduled post ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/;
const WEBHOOK_SECRET = 'whsec_' + Buffer.from('fleet-webhook-secret-32-bytes!!!').toString('base64');

/** The body a seeded item carries: the item id is how the platforms' posts are traced back to it. */
export const fleetBody = (itemId: string) => `Scheduled post ${itemId}`;
const itemOf = (text: string) => ITEM_ID.exec(text)?.[1] ?? '?';

/** Logs what a fake stores, by watching its store grow across each answer. */
function logged<F extends FakePlatform, T>(
  fake: F,
  platform: FleetPlatform,
  log: MadePost[],
  store: (f: F) => T[],
  text: (t: T) => string,
  mediaOf: (t: T) => number = () => 0,
): F {
  const answer = (fake as unknown as { answer(req: FakeRequest): FakeReply | Promise<FakeReply> }).answer.bind(fake);
  (fake as unknown as { answer(req: FakeRequest): Promise<FakeReply> }).answer = async (req: FakeRequest) => {
    const before = store(fake).length;
    const reply = await answer(req);
    for (const t of store(fake).slice(before)) log.push({ platform, itemId: itemOf(text(t)), at: Date.now(), media: mediaOf(t) });
    return reply;
  };
  return fake;
}

/** The four fakes in this process. */
export class LocalFleet implements Fleet {
  accounts: FleetAccount[] = [];
  private readonly log: MadePost[] = [];
  private readonly fakes: Record<FleetPlatform, FakePlatform>;

  constructor(latencyMs: number) {
    const opts = { latencyMs };
    this.fakes = {
      mastodon: logged(
        new MastodonFake(opts),
        'mastodon',
        this.log,
        (f) => f.statuses,
        (s) => s.text,
        (s) => s.mediaIds.length,
      ),
      bluesky: logged(
        new BlueskyFake(opts),
        'bluesky',
        this.log,
        (f) => f.records,
        (r) => r.value.text,
        (r) => (r.value.embed as { images?: unknown[] } | undefined)?.images?.length ?? 0,
      ),
      wordpress: logged(
        new WordPressFake(opts),
        'wordpress',
        this.log,
        (f) => f.posts,
        (p) => `${p.title} ${p.content}`,
        (p) => (p.featured_media ? 1 : 0),
      ),
      webhook: logged(
        new WebhookReceiverFake(WEBHOOK_SECRET, opts),
        'webhook',
        this.log,
        (f) => f.deliveries,
        (d) => JSON.stringify(d.body),
      ),
    };
  }

  async start(): Promise<this> {
    for (const f of Object.values(this.fakes)) await f.start();
    const { mastodon, bluesky, wordpress, webhook } = this.fakes as {
      mastodon: MastodonFake;
      bluesky: BlueskyFake;
      wordpress: WordPressFake;
      webhook: WebhookReceiverFake;
    };
    this.accounts = [
      { platform: 'mastodon', credentials: { accessToken: mastodon.token }, config: { instanceUrl: mastodon.url } },
      { platform: 'bluesky', credentials: { appPassword: bluesky.appPassword }, config: { handle: bluesky.handle, serviceUrl: bluesky.url } },
      {
        platform: 'wordpress',
        credentials: { applicationPassword: wordpress.applicationPassword },
        config: { siteUrl: wordpress.siteUrl, username: wordpress.username },
      },
      { platform: 'webhook', credentials: { secret: WEBHOOK_SECRET }, config: { url: webhook.hookUrl } },
    ];
    return this;
  }

  async made(): Promise<MadePost[]> {
    return [...this.log];
  }

  async publishRequests(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const [platform, fake] of Object.entries(this.fakes)) {
      for (const r of fake.requests) {
        if (!isPublish(platform as FleetPlatform, r)) continue;
        const id = itemOf(r.rawBody);
        counts[id] = (counts[id] ?? 0) + 1;
      }
    }
    return counts;
  }

  async setLatency(ms: number): Promise<void> {
    for (const f of Object.values(this.fakes)) f.latencyMs = ms;
  }

  async acceptThenHang(platform: FleetPlatform, times: number): Promise<void> {
    this.fakes[platform].fail('timeout-after-accepting', { route: 'publish', times });
  }

  async clearFailures(): Promise<void> {
    for (const f of Object.values(this.fakes)) f.clearFailures();
  }

  async stop(): Promise<void> {
    for (const f of Object.values(this.fakes)) await f.stop();
  }
}

function isPublish(platform: FleetPlatform, r: FakeRequest): boolean {
  if (r.method !== 'POST') return false;
  switch (platform) {
    case 'mastodon':
      return r.path === '/api/v1/statuses';
    case 'bluesky':
      return r.path.endsWith('com.atproto.repo.createRecord');
    case 'wordpress':
      return r.path.endsWith('/wp-json/wp/v2/posts');
    case 'webhook':
      return true;
  }
}

/* ------------------------------------------------------------------ the fleet in its own process */

type Ask = { id: number; op: 'made' | 'publishRequests' | 'setLatency' | 'acceptThenHang' | 'clearFailures'; args: unknown[] };

/** The fleet in a child process, as real platforms are: the benchmark's instances do not share its event loop. */
export async function forkFleet(latencyMs: number): Promise<Fleet> {
  const child = fork(__filename, ['--fleet'], {
    execArgv: ['-r', '@swc-node/register', ...(process.env.BENCH_FLEET_NODE_ARGS ?? '').split(' ').filter(Boolean)],
    env: { ...process.env, MT_FLEET_LATENCY_MS: String(latencyMs) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const accounts = await new Promise<FleetAccount[]>((resolve, reject) => {
    child.once('message', (m: { accounts: FleetAccount[] }) => resolve(m.accounts));
    child.once('exit', (code) => reject(new Error(`the platform fleet exited (${code})`)));
  });
  let seq = 0;
  const waiting = new Map<number, (v: unknown) => void>();
  child.on('message', (m: { id: number; value: unknown }) => waiting.get(m.id)?.(m.value));
  const ask = <T>(op: Ask['op'], ...args: unknown[]) =>
    new Promise<T>((resolve) => {
      const id = ++seq;
      waiting.set(id, (v) => {
        waiting.delete(id);
        resolve(v as T);
      });
      child.send({ id, op, args } satisfies Ask);
    });
  return {
    accounts,
    pid: child.pid,
    made: () => ask('made'),
    publishRequests: () => ask('publishRequests'),
    setLatency: (ms) => ask('setLatency', ms),
    acceptThenHang: (platform, times) => ask('acceptThenHang', platform, times),
    clearFailures: () => ask('clearFailures'),
    async stop() {
      // SIGTERM first, so a fleet started with --cpu-prof (BENCH_FLEET_NODE_ARGS) writes its profile.
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleepMs(5_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

const sleepMs = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function fleetProcess(): Promise<void> {
  const fleet = await new LocalFleet(Number(process.env.MT_FLEET_LATENCY_MS ?? 50)).start();
  process.on('message', async (m: Ask) => {
    const fn = fleet[m.op] as (...a: unknown[]) => Promise<unknown>;
    process.send?.({ id: m.id, value: (await fn.apply(fleet, m.args)) ?? null });
  });
  process.send?.({ accounts: fleet.accounts });
  process.on('SIGTERM', () => process.exit(0));
}

if (process.argv[1] && path.basename(process.argv[1]) === path.basename(__filename) && process.argv.includes('--fleet')) {
  fleetProcess().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
