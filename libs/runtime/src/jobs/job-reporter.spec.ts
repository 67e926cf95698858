import { createTask, JOB_EVENTS, type JobTask, MeshError, type UnitOfWork } from '@mt/messages';
import { toJobProblem } from './job-problem';
import { JobReporter } from './job-reporter';

function fakeUow() {
  const events: { type: string; payload: unknown }[] = [];
  const queries: string[] = [];
  const uow = {
    publishEvent: (type: string, payload: unknown) => events.push({ type, payload }),
    inTransaction: () => true,
    manager: () => ({ query: async (sql: string) => queries.push(sql) }),
  } as unknown as UnitOfWork;
  return { uow, events, queries };
}

const task = (retryCount = 0, maxRetries = 3) => ({
  ...createTask<JobTask<{ n: number }>>({ sender: 'gateway', taskType: 'x.run', payload: { jobId: 'j1', attempt: 2, input: { n: 3 } }, maxRetries }),
  retry_count: retryCount,
});

describe('JobReporter.run', () => {
  it('reports started then succeeded with the result, releasing its savepoint', async () => {
    const { uow, events, queries } = fakeUow();
    const out = await new JobReporter(uow).run(task(), async (input, report) => {
      report.progress(1, input.n);
      return { doubled: input.n * 2 };
    });
    expect(out).toEqual({ doubled: 6 });
    expect(events).toEqual([
      { type: JOB_EVENTS.started, payload: { jobId: 'j1', attempt: 2 } },
      { type: JOB_EVENTS.progress, payload: { jobId: 'j1', attempt: 2, done: 1, total: 3 } },
      { type: JOB_EVENTS.succeeded, payload: { jobId: 'j1', attempt: 2, result: { doubled: 6 } } },
    ]);
    expect(queries).toEqual(['SAVEPOINT mt_job_work', 'RELEASE SAVEPOINT mt_job_work']);
  });

  it('rethrows a retryable error while deliveries are left, so the mesh retries', async () => {
    const { uow, events } = fakeUow();
    const err = new MeshError('AI_TIMEOUT', 'slow', { retryable: true });
    await expect(new JobReporter(uow).run(task(0, 3), async () => Promise.reject(err))).rejects.toBe(err);
    expect(events.map((e) => e.type)).not.toContain(JOB_EVENTS.failed);
  });

  it('reports failed (and rolls back the work) on a permanent error or the last delivery', async () => {
    for (const [err, t] of [
      [new MeshError('AI_BUDGET_EXCEEDED', 'spent', { retryable: false }), task(0, 3)],
      [new MeshError('AI_TIMEOUT', 'slow', { retryable: true }), task(3, 3)],
    ] as const) {
      const { uow, events, queries } = fakeUow();
      await expect(new JobReporter(uow).run(t, async () => Promise.reject(err))).resolves.toBeUndefined();
      expect(events[events.length - 1]).toEqual({ type: JOB_EVENTS.failed, payload: { jobId: 'j1', attempt: 2, error: toJobProblem(err) } });
      expect(queries).toContain('ROLLBACK TO SAVEPOINT mt_job_work');
    }
  });
});

describe('JobReporter.runStaged', () => {
  /** A unit of work whose writes (transactions, and the events-only writes of publishOnly) fail, in turn, with the given errors. */
  function flakyUow(failures: unknown[]) {
    const events: { type: string; payload: unknown }[] = [];
    let pending: { type: string; payload: unknown }[] = [];
    let transactions = 0;
    const write = async <T>(fn: () => T | Promise<T>): Promise<T> => {
      transactions++;
      pending = [];
      const result = await fn();
      const failure = failures.shift();
      if (failure) throw failure; // the commit did not happen: nothing it wrote is kept
      events.push(...pending);
      return result;
    };
    const uow = {
      publishEvent: (type: string, payload: unknown) => pending.push({ type, payload }),
      transaction: write,
      publishOnly: write,
    } as unknown as UnitOfWork;
    return { uow, events, transactions: () => transactions };
  }
  const terminated = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

  it('runs a transaction again when the database terminated its session, and the job succeeds once', async () => {
    const { uow, events, transactions } = flakyUow([undefined, terminated, Object.assign(new Error('Connection terminated unexpectedly'), {})]);
    let commits = 0;
    const out = await new JobReporter(uow).runStaged(task(3, 3), {
      prepare: async (input) => input.n * 2,
      commit: async (prepared) => ({ doubled: prepared, commit: ++commits }),
    });
    expect(out).toEqual({ doubled: 6, commit: 3 });
    expect(transactions()).toBe(4);
    expect(events.map((e) => e.type)).toEqual([JOB_EVENTS.started, JOB_EVENTS.succeeded]);
  });

  it('does not repeat a transaction that failed for any other reason: the job fails', async () => {
    const refused = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
    const { uow, events, transactions } = flakyUow([undefined, refused]);
    await expect(new JobReporter(uow).runStaged(task(3, 3), { prepare: async () => 1, commit: async () => ({ ok: true }) })).resolves.toBeUndefined();
    expect(transactions()).toBe(3);
    expect(events.map((e) => e.type)).toEqual([JOB_EVENTS.started, JOB_EVENTS.failed]);
  });

  it('hands a lost connection that outlasted its repeats back to the mesh while deliveries are left, even when other errors are reported at once', async () => {
    const lost = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    jest.useFakeTimers();
    try {
      const { uow, events } = flakyUow([]);
      const err = lost();
      const work = { prepare: async () => Promise.reject(err), commit: async () => ({ ok: true }) };
      const handedBack = expect(new JobReporter(uow).runStaged(task(0, 3), work, { reportAtOnce: true })).rejects.toBe(err);
      await jest.advanceTimersByTimeAsync(10_000); // past the short repeats
      await handedBack;
      expect(events.map((e) => e.type)).toEqual([JOB_EVENTS.started]);
      // The last delivery reports it: the job ends, as INTERNAL.
      const last = flakyUow([]);
      const reported = expect(new JobReporter(last.uow).runStaged(task(3, 3), work, { reportAtOnce: true })).resolves.toBeUndefined();
      await jest.advanceTimersByTimeAsync(10_000);
      await reported;
      expect(last.events.map((e) => e.type)).toEqual([JOB_EVENTS.started, JOB_EVENTS.failed]);
      expect(last.events[1].payload).toMatchObject({ error: { code: 'INTERNAL' } });
    } finally {
      jest.useRealTimers();
    }
  });

  it('with reportAtOnce, reports any other retryable error at once instead of handing it back', async () => {
    const { uow, events } = flakyUow([]);
    const err = new MeshError('AI_TIMEOUT', 'slow', { retryable: true });
    const work = { prepare: async () => Promise.reject(err), commit: async () => ({ ok: true }) };
    await expect(new JobReporter(uow).runStaged(task(0, 3), work, { reportAtOnce: true })).resolves.toBeUndefined();
    expect(events[events.length - 1]).toEqual({ type: JOB_EVENTS.failed, payload: { jobId: 'j1', attempt: 2, error: toJobProblem(err) } });
    // Without it, the same error goes back to the mesh.
    const plain = flakyUow([]);
    await expect(new JobReporter(plain.uow).runStaged(task(0, 3), work)).rejects.toBe(err);
  });
});

describe('toJobProblem', () => {
  it('keeps a coded error’s code and message, with a known status and title', () => {
    expect(toJobProblem(new MeshError('AI_TIMEOUT', 'the model took 60 s'))).toEqual({
      code: 'AI_TIMEOUT',
      title: 'The AI did not answer in time',
      detail: 'the model took 60 s',
      status: 504,
    });
    expect(toJobProblem(new MeshError('NOT_FOUND', 'no brand', { status: 404 }))).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(toJobProblem(new MeshError('SOMETHING_NEW', 'x'))).toEqual({ code: 'SOMETHING_NEW', title: 'Something new', detail: 'x', status: 500 });
  });

  it('hides the message of an unexpected error', () => {
    expect(toJobProblem(new Error('connection to 10.0.0.3 refused'))).toEqual({
      code: 'INTERNAL',
      title: 'Something went wrong on our side',
      detail: 'The job could not be completed.',
      status: 500,
    });
    expect(toJobProblem('boom').code).toBe('INTERNAL');
  });
});
