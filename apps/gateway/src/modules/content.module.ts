import { Module } from '@nestjs/common';
import { ContentReviewController } from '../controllers/content-review.controller';
import { ContentController } from '../controllers/content.controller';
import { ContentBulkService } from '../services/content-bulk.service';
import { JobsHttpModule } from './jobs.module';

/** Routes: content, variants, versions, approval and its team workflow (creation-agent); generation starts a job. */
@Module({ imports: [JobsHttpModule], controllers: [ContentReviewController, ContentController], providers: [ContentBulkService] })
export class ContentHttpModule {}
