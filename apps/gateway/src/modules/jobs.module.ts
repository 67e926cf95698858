import { Module } from '@nestjs/common';

/** Jobs routes and their providers. */
@Module({
  controllers: [],
  providers: [],
})
export class JobsHttpModule {}
