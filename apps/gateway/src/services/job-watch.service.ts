import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import type { JobEntity } from '../entities/job.entity';

/**
 * In-process notifications of job changes this replica applied, so its own SSE streams answer
 * at once. Other replicas' changes reach a stream through its poll of the row (the job event
 * is consumed by one replica only).
 */
@Injectable()
export class JobWatch {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(job: JobEntity): void {
    this.emitter.emit(job.id, job);
  }

  subscribe(jobId: string, listener: (job: JobEntity) => void): () => void {
    this.emitter.on(jobId, listener);
    return () => this.emitter.off(jobId, listener);
  }
}
