import { Controller, type DynamicModule, type INestApplication, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type EventMap, type JobTask, MeshError, type OpenTaskMap, type TaskEnvelope, UnitOfWork } from '@mt/messages';
import { JobReporter, RuntimeModule, type Runtime, startApp } from '@mt/runtime';
import { JobLauncher } from '../../apps/gateway/src/services/job-launcher.service';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * Jobs over HTTP, with a test-only agent doing the work: it reports through JobReporter (the
 * outbox of its task handler's transaction), exactly as a real agent will.
 */
const TEST_AGENT = 'test-job-agent';

interface TestInput {
  mode: 'succeed' | 'steps' | 'hold' | 'fail-first';
  steps?: number;
  echo?: string;
}
interface StepPayload {
  job: JobTask<TestInput>;
  step: number;
  total: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

@Controller()
class TestJobHandler {
  constructor(
    private readonly reporter: JobReporter,
    // this test agent's own task types are outside the project's map
    private readonly uow: UnitOfWork<EventMap, OpenTaskMap>,
  ) {}

  @MessagePattern('test.job')
  async run(@Payload() task: TaskEnvelope<JobTask<TestInput>>): Promise<unknown> {
    const job = task.payload;
    switch (job.input.mode) {
      case 'succeed':
        return this.reporter.run(task, async (input) => ({ echo: input.echo ?? null, attempt: job.attempt }));
      case 'fail-first':
        return this.reporter.run(task, async () => {
          if (job.attempt === 1) throw new MeshError('TEST_BROKEN', 'the first attempt always fails', { status: 422 });
          return { attempt: job.attempt };
        });
      case 'hold':
        // Starts and stays running until told otherwise (a page reloads meanwhile).
        this.reporter.started(job, 2);
        this.reporter.progress(job, 1, 2);
        return null;
      case 'steps': {
        const total = job.input.steps ?? 3;
        this.reporter.started(job, total);
        this.uow.sendTask(TEST_AGENT, 'test.job.step', { job, step: 1, total } satisfies StepPayload);
        return null;
      }
    }
  }

  /** One step per task, so each step's progress is committed (and seen) on its own. */
  @MessagePattern('test.job.step')
  async step(@Payload() task: TaskEnvelope<StepPayload>): Promise<null> {
    const { job, step, total } = task.payload;
    await sleep(120);
    this.reporter.progress(job, step, total);
    if (step < total) this.uow.sendTask(TEST_AGENT, 'test.job.step', { job, step: step + 1, total } satisfies StepPayload);
    else this.reporter.succeeded(job, { steps: total });
    return null;
  }

  /** A report that comes too late (the job was cancelled meanwhile). */
  @MessagePattern('test.job.finish')
  async finish(@Payload() task: TaskEnvelope<JobTask<TestInput>>): Promise<null> {
    this.reporter.succeeded(task.payload, { late: true });
    return null;
  }
}

@Module({})
class TestJobAgentModule {
  static register(runtime: Runtime): DynamicModule {
    return {
      module: TestJobAgentModule,
      imports: [RuntimeModule.forApp(runtime, { name: TEST_AGENT, schema: 'test_job_agent', entities: [], migrations: [] })],
      controllers: [TestJobHandler],
      providers: [JobReporter],
    };
  }
}

interface SseEvent {
  event: string;
  data: any;
}

/** Reads a Server-Sent Events stream until the server ends it (or the timeout). */
async function readSse(url: string, token: string, timeoutMs = 60_000): Promise<{ status: number; contentType: string; events: SseEvent[] }> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  try {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: ctrl.signal });
    const text = await res.text();
    const events = text
      .split('\n\n')
      .map((block) => {
        const lines = block.split('\n');
        const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
        const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
        return event && data ? { event, data: JSON.parse(data) } : null;
      })
      .filter((e): e is SseEvent => e !== null);
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', events };
  } finally {
    clearTimeout(timer);
  }
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await sleep(100);
  }
}

let seq = 0;
export async function registerUser(url: string): Promise<{ id: string; token: string; email: string }> {
  const email = `jobs-${Date.now()}-${seq++}@example.com`;
  const r = await api(url, 'POST', '/api/v1/auth/register', { body: { email, password: 'correct horse battery staple 9', name: 'Job Tester' } });
  if (r.status !== 201) throw new Error(`register answered ${r.status}: ${JSON.stringify(r.body)}`);
  return { id: r.body.user.id, token: r.body.accessToken, email };
}

describe.each(PLATFORM_MODES)('jobs (%s)', (mode) => {
  let p: TestPlatform;
  let agent: INestApplication;
  let launcher: JobLauncher;
  let alice: { id: string; token: string };
  let bob: { id: string; token: string };

  const launch = (user: { id: string }, input: TestInput, kind = 'test.work') =>
    launcher.launch({ user, kind, taskType: 'test.job', agent: TEST_AGENT, payload: input });
  const getJob = (id: string, token = alice.token) => api(p.url, 'GET', `/api/v1/jobs/${id}`, { token });
  const untilStatus = (id: string, status: string) =>
    eventually(
      () => getJob(id),
      (r) => r.body?.status === status,
    );

  beforeAll(async () => {
    p = await startTestPlatform(mode);
    agent = await startApp(TestJobAgentModule.register(p.runtime), p.runtime, { name: TEST_AGENT });
    launcher = p.platform.gateway.get(JobLauncher);
    alice = await registerUser(p.url);
    bob = await registerUser(p.url);
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await agent?.close();
    await p?.destroy();
  });

  it('launches a job (202 body), and its owner sees it succeed with its result', async () => {
    const accepted = await launch(alice, { mode: 'succeed', echo: 'hello' });
    expect(accepted).toEqual({ jobId: expect.any(String), status: 'queued', kind: 'test.work', links: { self: `/api/v1/jobs/${accepted.jobId}` } });
    const done = await untilStatus(accepted.jobId, 'succeeded');
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      id: accepted.jobId,
      kind: 'test.work',
      status: 'succeeded',
      result: { echo: 'hello', attempt: 1 },
      attempts: 1,
      links: { self: `/api/v1/jobs/${accepted.jobId}`, events: `/api/v1/jobs/${accepted.jobId}/events` },
    });
    expect(done.body.error).toBeUndefined();
    expect(Date.parse(done.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(done.body.createdAt));
  });

  it("answers 404 for another user's job, an unknown id and a malformed id", async () => {
    const { jobId } = await launch(alice, { mode: 'succeed' });
    for (const [id, token] of [
      [jobId, bob.token],
      ['00000000-0000-4000-8000-000000000000', alice.token],
      ['not-a-uuid', alice.token],
    ]) {
      const r = await getJob(id, token);
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body.code).toBe('NOT_FOUND');
    }
    expect((await api(p.url, 'POST', `/api/v1/jobs/${jobId}/cancel`, { token: bob.token })).status).toBe(404);
    expect((await api(p.url, 'POST', `/api/v1/jobs/${jobId}/retry`, { token: bob.token })).status).toBe(404);
    expect((await readSse(`${p.url}/api/v1/jobs/${jobId}/events`, bob.token)).status).toBe(404);
  });

  it('streams progress as Server-Sent Events until the job succeeds', async () => {
    const { jobId } = await launch(alice, { mode: 'steps', steps: 4 });
    const sse = await readSse(`${p.url}/api/v1/jobs/${jobId}/events`, alice.token);
    expect(sse.status).toBe(200);
    expect(sse.contentType).toContain('text/event-stream');
    const names = sse.events.map((e) => e.event);
    expect(names[names.length - 1]).toBe('succeeded');
    expect(names.slice(0, -1).every((n) => n === 'progress')).toBe(true);
    const done = sse.events.map((e) => e.data.progress.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(new Set(done.filter((d) => d > 0 && d < 4)).size).toBeGreaterThanOrEqual(2);
    expect(sse.events[sse.events.length - 1].data).toMatchObject({ id: jobId, status: 'succeeded', progress: { done: 4, total: 4 }, result: { steps: 4 } });
  });

  it('sends the current state first: a finished job streams one event and ends', async () => {
    const { jobId } = await launch(alice, { mode: 'succeed', echo: 'x' });
    await untilStatus(jobId, 'succeeded');
    const sse = await readSse(`${p.url}/api/v1/jobs/${jobId}/events`, alice.token);
    expect(sse.events.map((e) => e.event)).toEqual(['succeeded']);
    expect(sse.events[0].data.result).toEqual({ echo: 'x', attempt: 1 });
  });

  it('finds a running job again after a reload (GET /jobs?status=running), cancels it and ignores a late report', async () => {
    const { jobId } = await launch(alice, { mode: 'hold' }, 'test.hold');
    await untilStatus(jobId, 'running');
    const running = await api(p.url, 'GET', '/api/v1/jobs?status=running', { token: alice.token });
    expect(running.status).toBe(200);
    expect(running.body.items.map((j: { id: string }) => j.id)).toContain(jobId);
    expect(running.body.items.find((j: { id: string }) => j.id === jobId)).toMatchObject({ status: 'running', progress: { done: 1, total: 2 } });
    expect(running.body.items.every((j: { status: string }) => j.status === 'running')).toBe(true);
    expect((await api(p.url, 'GET', '/api/v1/jobs?status=running', { token: bob.token })).body.items).toEqual([]);

    const cancelled = await api(p.url, 'POST', `/api/v1/jobs/${jobId}/cancel`, { token: alice.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: jobId, status: 'cancelled' });
    const again = await api(p.url, 'POST', `/api/v1/jobs/${jobId}/cancel`, { token: alice.token });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');

    // The agent reports success after the cancel: the job stays cancelled.
    const uow = agent.get<UnitOfWork<EventMap, OpenTaskMap>>(UnitOfWork);
    await uow.transaction(async () => {
      uow.sendTask(TEST_AGENT, 'test.job.finish', { jobId, attempt: 1, input: { mode: 'hold' } } satisfies JobTask<TestInput>);
    });
    await sleep(1_000);
    const after = await getJob(jobId);
    expect(after.body.status).toBe('cancelled');
    expect(after.body.result).toBeUndefined();
    const sse = await readSse(`${p.url}/api/v1/jobs/${jobId}/events`, alice.token);
    expect(sse.events.map((e) => e.event)).toEqual(['cancelled']);
  });

  it('records a failure as a problem, retries it as a new attempt, and refuses to retry a job that did not fail', async () => {
    const { jobId } = await launch(alice, { mode: 'fail-first' });
    const failed = await untilStatus(jobId, 'failed');
    expect(failed.body.error).toEqual({ code: 'TEST_BROKEN', title: 'Test broken', detail: 'the first attempt always fails', status: 422 });
    expect(failed.body.result).toBeUndefined();

    const retried = await api(p.url, 'POST', `/api/v1/jobs/${jobId}/retry`, { token: alice.token });
    expect(retried.status).toBe(202);
    expect(retried.headers.get('location')).toBe(`/api/v1/jobs/${jobId}`);
    expect(retried.body).toEqual({ jobId, status: 'queued', kind: 'test.work', links: { self: `/api/v1/jobs/${jobId}` } });
    const done = await untilStatus(jobId, 'succeeded');
    expect(done.body).toMatchObject({ status: 'succeeded', attempts: 2, result: { attempt: 2 } });
    expect(done.body.error).toBeUndefined();

    const notFailed = await api(p.url, 'POST', `/api/v1/jobs/${jobId}/retry`, { token: alice.token });
    expect(notFailed.status).toBe(409);
    expect(notFailed.body.code).toBe('CONFLICT');
  });

  it('lists the caller’s jobs newest first, page by page, and validates the query', async () => {
    const carol = await registerUser(p.url);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await launch(carol, { mode: 'succeed', echo: String(i) })).jobId);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await api(p.url, 'GET', `/api/v1/jobs${q}`, { token: carol.token });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((j: { id: string }) => j.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    for (const bad of ['?limit=0', '?limit=101', '?limit=abc', '?status=done', '?cursor=%21%21', '?cursor=bm90LWEtdXVpZA', '?unknown=1']) {
      const r = await api(p.url, 'GET', `/api/v1/jobs${bad}`, { token: carol.token });
      expect({ bad, status: r.status, code: r.body.code }).toEqual({ bad, status: 400, code: 'VALIDATION_FAILED' });
    }
  });
});
