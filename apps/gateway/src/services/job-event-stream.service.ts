import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OpenStreams } from './open-streams';
import { FINAL_JOB_STATUSES } from '@mt/messages';
import type { JobEntity } from '../entities/job.entity';
import { JobRepository } from '../repositories/job.repository';
import { JobQueryService } from './job-query.service';
import { JobWatch } from './job-watch.service';
import { toJobView } from './job-view';

/** How often a stream re-reads its job: changes applied by another gateway replica arrive this way. */
export const JOB_STREAM_POLL_MS = 300;
/** A comment line now and then keeps proxies from closing a quiet stream. */
export const JOB_STREAM_HEARTBEAT_MS = 15_000;

const EVENT_OF = { queued: 'progress', running: 'progress', succeeded: 'succeeded', failed: 'failed', cancelled: 'cancelled' } as const;
const STAGE_OF = { queued: 0, running: 1, succeeded: 2, failed: 2, cancelled: 2 } as const;

/**
 * Where a job state sits in its job's life: attempt, then stage, then steps done. A state read by
 * the poll can be older than one the watch has already pushed; it is never sent after it, so the
 * stream's progress never goes back.
 */
function positionOf(job: JobEntity): number[] {
  return [job.attempts, STAGE_OF[job.status], job.progressDone ?? 0, job.progressTotal ?? 0];
}

function isAfter(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

/**
 * GET /jobs/{id}/events: Server-Sent Events. The current state first, then every change
 * (`progress`, then one of `succeeded`, `failed`, `cancelled`), then the stream ends.
 */
@Injectable()
export class JobEventStream implements BeforeApplicationShutdown {
  private readonly streams = new OpenStreams();

  constructor(
    private readonly query: JobQueryService,
    private readonly jobs: JobRepository,
    private readonly watch: JobWatch,
  ) {}

  /**
   * `takeOver` is called once the stream is sure to start: the HTTP framework then lets go of the
   * response (Fastify's `reply.hijack()`), which is written here directly.
   */
  async open(userId: string, jobId: string, req: IncomingMessage, res: ServerResponse, takeOver: () => void = () => undefined): Promise<void> {
    // Not found answers a problem before any event-stream header is sent.
    const first = await this.query.own(userId, jobId);
    takeOver();
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write('retry: 2000\n\n');

    let seq = 0;
    let last: number[] | undefined;
    let closed = false;
    let polling = false;
    const timers: NodeJS.Timeout[] = [];
    let unsubscribe = () => undefined as void;
    let untrack = () => undefined as void;

    const close = () => {
      if (closed) return;
      closed = true;
      for (const t of timers) clearInterval(t);
      unsubscribe();
      untrack();
      res.end();
    };
    const send = (job: JobEntity) => {
      if (closed) return;
      const position = positionOf(job);
      if (last && !isAfter(position, last)) return;
      last = position;
      res.write(`id: ${++seq}\nevent: ${EVENT_OF[job.status]}\ndata: ${JSON.stringify(toJobView(job))}\n\n`);
      if (FINAL_JOB_STATUSES.includes(job.status)) close();
    };
    const poll = async () => {
      if (closed || polling) return;
      polling = true;
      try {
        const job = await this.jobs.findForUser(first.id, userId);
        if (job) send(job);
        else close();
      } catch {
        // A failed read is retried on the next tick; the stream stays open.
      } finally {
        polling = false;
      }
    };

    untrack = this.streams.track(req, res, close);
    unsubscribe = this.watch.subscribe(first.id, send);
    send(first);
    if (closed) return;
    // The open connection keeps the process up, not these.
    timers.push(setInterval(() => void poll(), JOB_STREAM_POLL_MS).unref());
    timers.push(setInterval(() => !closed && res.write(': heartbeat\n\n'), JOB_STREAM_HEARTBEAT_MS).unref());
  }

  /** The gateway is stopping: open streams end (their clients reconnect to another replica). */
  beforeApplicationShutdown(): void {
    this.streams.closeAll();
  }
}
