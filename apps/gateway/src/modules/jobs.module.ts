import { Module } from '@nestjs/common';
import { JobsController } from '../controllers/jobs.controller';
import { JobEventsHandler } from '../handlers/job-events.handler';
import { JobRepository } from '../repositories/job.repository';
import { JobControlService } from '../services/job-control.service';
import { JobEventStream } from '../services/job-event-stream.service';
import { JobLauncher } from '../services/job-launcher.service';
import { JobProgressService } from '../services/job-progress.service';
import { JobMetrics } from '../services/job-metrics.service';
import { JobQueryService } from '../services/job-query.service';
import { JobWatch } from '../services/job-watch.service';

/**
 * Jobs routes, the handlers of the agents' job events, and JobLauncher — which feature modules
 * that start long work use (import JobsHttpModule).
 */
@Module({
  controllers: [JobsController, JobEventsHandler],
  providers: [JobRepository, JobWatch, JobLauncher, JobQueryService, JobControlService, JobProgressService, JobEventStream, JobMetrics],
  exports: [JobLauncher],
})
export class JobsHttpModule {}
