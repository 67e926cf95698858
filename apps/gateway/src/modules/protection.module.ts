import { Module } from '@nestjs/common';

/** Protection routes and their providers. */
@Module({
  controllers: [],
  providers: [],
})
export class ProtectionHttpModule {}
