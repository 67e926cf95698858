import { EventEmitter } from 'node:events';
import type { IncomingMessage as Request, ServerResponse as Response } from 'node:http';
import type { JobEntity } from '../entities/job.entity';
import type { JobRepository } from '../repositories/job.repository';
import { JobEventStream, JOB_STREAM_POLL_MS } from './job-event-stream.service';
import type { JobQueryService } from './job-query.service';
import { JobWatch } from './job-watch.service';

function job(status: JobEntity['status'], done: number, attempts = 1): JobEntity {
  const at = new Date('2026-12-03T10:00:00.000Z');
  return {
    id: 'b1f0c7e2-2f7c-4a43-9a53-7d1b1c0b6c11',
    userId: 'u1',
    kind: 'test.work',
    status,
    progressDone: done,
    progressTotal: 4,
    attempts,
    createdAt: at,
    updatedAt: at,
  } as unknown as JobEntity;
}

/** The `done` of each event the client received, in order. */
function progressOf(written: string[]): number[] {
  return written.filter((chunk) => chunk.includes('data: ')).map((chunk) => JSON.parse(chunk.slice(chunk.indexOf('data: ') + 6)).progress.done as number);
}

describe('JobEventStream', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('never sends an older state read by the poll after a newer one pushed by the watch', async () => {
    const watch = new JobWatch();
    // The poll's read started before the job moved on and answers afterwards: a stale row.
    const reads = [job('running', 1), job('running', 3), job('succeeded', 4)];
    const jobs = { findForUser: async () => reads.shift() ?? null } as unknown as JobRepository;
    const query = { own: async () => job('queued', 0) } as unknown as JobQueryService;
    const written: string[] = [];
    const res = Object.assign(new EventEmitter(), {
      status: () => res,
      setHeader: () => undefined,
      flushHeaders: () => undefined,
      write: (chunk: string) => written.push(chunk),
      end: () => undefined,
    }) as unknown as Response;
    const req = new EventEmitter() as unknown as Request;

    await new JobEventStream(query, jobs, watch).open('u1', job('queued', 0).id, req, res);
    watch.publish(job('running', 2)); // pushed at once by this replica
    await jest.advanceTimersByTimeAsync(JOB_STREAM_POLL_MS); // the poll reads the stale row (1 of 4)
    await jest.advanceTimersByTimeAsync(JOB_STREAM_POLL_MS); // 3 of 4
    await jest.advanceTimersByTimeAsync(JOB_STREAM_POLL_MS); // succeeded

    expect(progressOf(written)).toEqual([0, 2, 3, 4]);
    expect(written[written.length - 1]).toContain('event: succeeded');
  });

  it('ends every open stream when the gateway stops, and when the client goes, leaving no timer behind', async () => {
    const jobs = { findForUser: async () => job('running', 1) } as unknown as JobRepository;
    const query = { own: async () => job('running', 1) } as unknown as JobQueryService;
    const opened = () => {
      const state = { ended: false };
      const res = Object.assign(new EventEmitter(), {
        setHeader: () => undefined,
        flushHeaders: () => undefined,
        write: () => true,
        end: () => void (state.ended = true),
      }) as unknown as Response;
      return { req: new EventEmitter() as unknown as Request, res, state };
    };
    const service = new JobEventStream(query, jobs, new JobWatch());
    const [a, b, c] = [opened(), opened(), opened()];
    for (const s of [a, b, c]) await service.open('u1', job('running', 1).id, s.req, s.res);
    expect(jest.getTimerCount()).toBe(6); // a poll and a heartbeat each

    c.res.emit('close'); // the client went: the response closed
    expect(c.state.ended).toBe(true);
    expect(jest.getTimerCount()).toBe(4);

    service.beforeApplicationShutdown();
    expect([a.state.ended, b.state.ended]).toEqual([true, true]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('starts again from nothing when the job is retried by itself: a new attempt is newer', async () => {
    const watch = new JobWatch();
    const jobs = { findForUser: async () => null } as unknown as JobRepository;
    const query = { own: async () => job('running', 3) } as unknown as JobQueryService;
    const written: string[] = [];
    const res = Object.assign(new EventEmitter(), {
      status: () => res,
      setHeader: () => undefined,
      flushHeaders: () => undefined,
      write: (chunk: string) => written.push(chunk),
      end: () => undefined,
    }) as unknown as Response;

    await new JobEventStream(query, jobs, watch).open('u1', job('running', 3).id, new EventEmitter() as unknown as Request, res);
    watch.publish(job('queued', 0, 2));
    watch.publish(job('running', 1, 2));
    watch.publish(job('running', 1, 1)); // a late copy of the first attempt

    expect(progressOf(written)).toEqual([3, 0, 1]);
  });
});
