import { Module } from '@nestjs/common';

/** Routes: content, variants, versions, approval (creation-agent). */
@Module({ imports: [], controllers: [], providers: [] })
export class ContentHttpModule {}
