import { randomUUID } from 'node:crypto';
import { api } from '../../support/platform';

/** One answer of the RPC probe: a read the gateway answers by asking brand-agent. */
export interface Probe {
  at: number;
  ms: number;
  status: number;
  code?: string;
  retryAfter?: string | null;
}

export interface StreamItem {
  jobId: string;
  contentId?: string;
  published: boolean;
  /** POSTs answered 5xx (or not at all) and sent again with the same Idempotency-Key. */
  resent: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A stream of realistic work, as a well-behaved integrator sends it: content generated (a job),
 * approved, then published now to one connection; every POST carries an Idempotency-Key and is
 * sent again with it after a 5xx or a dropped connection, until it is answered otherwise (a 5xx
 * answer is not kept for the key, ADR 030: the client may try again with it). Alongside, a probe reads the brand every `probeMs` and records each
 * answer. `stop()` ends the launches and waits for every item's pipeline.
 */
export class WorkStream {
  readonly items: StreamItem[] = [];
  readonly probes: Probe[] = [];
  /** What each POST that was sent again had been answered (status and problem code, or 'no answer'). */
  readonly retried: string[] = [];
  private running = true;
  private readonly pipelines: Promise<void>[] = [];
  private loops: Promise<void>[] = [];

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly brandId: string,
    private readonly connectionId: string,
    private readonly opts: { launchEveryMs?: number; probeMs?: number; label?: string; itemDeadlineMs?: number } = {},
  ) {}

  start(): this {
    this.loops = [this.launchLoop(), this.probeLoop()];
    return this;
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    await Promise.all(this.pipelines);
  }

  /** A POST sent until it is answered with something other than a 5xx or a dropped connection. */
  private async post(item: StreamItem | null, route: string, body: unknown): Promise<{ status: number; body: any }> {
    const key = randomUUID();
    const deadline = Date.now() + (this.opts.itemDeadlineMs ?? 180_000);
    for (;;) {
      const r = await api(this.url, 'POST', route, { token: this.token, body, headers: { 'idempotency-key': key } }).catch(() => null);
      if (r && r.status < 500 && !(r.status === 409 && r.body?.code === 'IDEMPOTENCY_KEY_IN_FLIGHT')) return r;
      // A system that never answers again is left to the checks.
      if (Date.now() > deadline) return r ?? { status: 0, body: null };
      this.retried.push(r ? `${r.status} ${r.body?.code ?? ''}`.trim() : 'no answer');
      if (item) item.resent++;
      await sleep(500);
    }
  }

  private async get(route: string): Promise<{ status: number; body: any }> {
    for (;;) {
      const r = await api(this.url, 'GET', route, { token: this.token }).catch(() => null);
      if (r && r.status < 500) return r;
      // Once the stream is stopping, a gateway that no longer answers at all is left to the checks.
      if (!this.running) return r ?? { status: 0, body: null };
      await sleep(500);
    }
  }

  private async launchLoop(): Promise<void> {
    let n = 0;
    while (this.running) {
      n++;
      const r = await this.post(null, '/api/v1/content/generate', {
        brandId: this.brandId,
        brief: `${this.opts.label ?? 'Stream'} post ${n}: what makes our washed Guji taste of peach`,
        platform: 'webhook',
        variants: 1,
      });
      if (r.status === 0 || r.status >= 500) break;
      if (r.status !== 202) throw new Error(`generate answered ${r.status}: ${JSON.stringify(r.body)}`);
      const item: StreamItem = { jobId: r.body.jobId, published: false, resent: 0 };
      this.items.push(item);
      this.pipelines.push(this.pipeline(item));
      await sleep(this.opts.launchEveryMs ?? 400);
    }
  }

  private async pipeline(item: StreamItem): Promise<void> {
    // A job that never ends (its task lost) is left to the checks: the stream stops waiting for it.
    const deadline = Date.now() + (this.opts.itemDeadlineMs ?? 180_000);
    let job: { status: string; result?: { contentId: string } };
    for (;;) {
      const r = await this.get(`/api/v1/jobs/${item.jobId}`);
      if (['succeeded', 'failed', 'cancelled'].includes(r.body?.status)) {
        job = r.body;
        break;
      }
      if (Date.now() > deadline) return;
      await sleep(300);
    }
    if (job.status !== 'succeeded' || !job.result) return;
    item.contentId = job.result.contentId;
    const approved = await this.post(item, `/api/v1/content/${item.contentId}/approve`, undefined);
    if (approved.status === 0 || approved.status >= 500) return;
    if (approved.status !== 200) throw new Error(`approve answered ${approved.status}: ${JSON.stringify(approved.body)}`);
    // publishing-agent learns of the approval by an event: until then it answers 409 (or 404).
    for (;;) {
      const r = await this.post(item, `/api/v1/content/${item.contentId}/publish`, { connectionIds: [this.connectionId] });
      if (r.status === 201) break;
      if (r.status === 0 || r.status >= 500) return;
      if (r.status !== 409 && r.status !== 404) throw new Error(`publish answered ${r.status}: ${JSON.stringify(r.body)}`);
      if (Date.now() > deadline) return;
      await sleep(300);
    }
    item.published = true;
  }

  private async probeLoop(): Promise<void> {
    while (this.running) {
      const started = Date.now();
      const r = await api(this.url, 'GET', `/api/v1/brands/${this.brandId}`, { token: this.token }).catch(() => null);
      this.probes.push({ at: started, ms: Date.now() - started, status: r?.status ?? 0, code: r?.body?.code, retryAfter: r?.headers.get('retry-after') });
      await sleep(this.opts.probeMs ?? 250);
    }
  }
}

export interface Effects {
  /** Jobs of the brand that did not succeed. */
  unsucceededJobs: { id: string; status: string; error?: unknown }[];
  /** Jobs the stream was answered 202 for, and jobs the gateway holds (the same set, once each). */
  acceptedJobs: number;
  storedJobs: number;
  /** Contents per job other than one. */
  contentsNotOnce: { job: string; n: number }[];
  /** Accepted items never published by the stream (a pipeline that gave up). */
  unpublished: string[];
  /** Deliveries per content at the receiver other than one. */
  deliveriesNotOnce: { content: string; n: number }[];
  /** Schedule items per content other than one published one. */
  scheduleNotOnce: { content: string; n: number; published: number }[];
}

/** The effects of a stream, read from the database and the receiver: each must have happened exactly once. */
export async function effectsOf(
  stream: WorkStream,
  brandId: string,
  query: <T>(sql: string, params?: unknown[]) => Promise<T[]>,
  deliveredContentIds: () => string[],
): Promise<Effects> {
  const items = stream.items;
  const jobs = await query<{ id: string; status: string; error: unknown }>(`SELECT id::text, status, error FROM gateway.job WHERE brand_id = $1`, [brandId]);
  const contents = await query<{ job_id: string; n: number }>(
    `SELECT job_id::text, count(*)::int AS n FROM creation.content WHERE brand_id = $1 GROUP BY job_id`,
    [brandId],
  );
  const perJob = new Map(contents.map((c) => [c.job_id, c.n]));
  const delivered = new Map<string, number>();
  for (const id of deliveredContentIds()) delivered.set(id, (delivered.get(id) ?? 0) + 1);
  const scheduled = await query<{ content_id: string; n: number; published: number }>(
    `SELECT content_id::text, count(*)::int AS n, count(*) FILTER (WHERE status = 'published')::int AS published FROM publishing.schedule_item WHERE brand_id = $1 GROUP BY content_id`,
    [brandId],
  );
  const perContent = new Map(scheduled.map((s) => [s.content_id, s]));
  const accepted = new Set(items.map((i) => i.jobId));
  return {
    // With its problem, so a failed job says why.
    unsucceededJobs: jobs.filter((j) => j.status !== 'succeeded'),
    acceptedJobs: accepted.size,
    storedJobs: jobs.filter((j) => accepted.has(j.id)).length + jobs.filter((j) => !accepted.has(j.id)).length,
    contentsNotOnce: [...new Set([...items.map((i) => i.jobId), ...perJob.keys()])]
      .filter((j) => perJob.get(j) !== 1)
      .map((j) => ({ job: j, n: perJob.get(j) ?? 0 })),
    unpublished: items.filter((i) => !i.published).map((i) => i.jobId),
    deliveriesNotOnce: items
      .filter((i) => delivered.get(i.contentId ?? '') !== 1)
      .map((i) => ({ content: i.contentId ?? '?', n: delivered.get(i.contentId ?? '') ?? 0 })),
    scheduleNotOnce: items
      .map((i) => perContent.get(i.contentId ?? '') ?? { content_id: i.contentId ?? '?', n: 0, published: 0 })
      .filter((s) => s.n !== 1 || s.published !== 1)
      .map((s) => ({ content: s.content_id, n: s.n, published: s.published })),
  };
}

/** Effects that each happened exactly once, for `toEqual`. */
export const onceEach = (acceptedJobs: number): Effects => ({
  unsucceededJobs: [],
  acceptedJobs,
  storedJobs: acceptedJobs,
  contentsNotOnce: [],
  unpublished: [],
  deliveriesNotOnce: [],
  scheduleNotOnce: [],
});
