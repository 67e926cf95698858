import { Module } from '@nestjs/common';

/** Auth routes and their providers. */
@Module({
  controllers: [],
  providers: [],
})
export class AuthHttpModule {}
