import { Module } from '@nestjs/common';
import { ContentController } from '../controllers/content.controller';
import { JobsHttpModule } from './jobs.module';

/** Routes: content, variants, versions, approval (creation-agent); generation starts a job. */
@Module({ imports: [JobsHttpModule], controllers: [ContentController] })
export class ContentHttpModule {}
