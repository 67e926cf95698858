import { Module } from '@nestjs/common';

/** Brands routes and their providers. */
@Module({
  controllers: [],
  providers: [],
})
export class BrandsHttpModule {}
