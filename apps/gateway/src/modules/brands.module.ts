import { Module } from '@nestjs/common';
import { BrandsController } from '../controllers/brands.controller';
import { MembersController } from '../controllers/members.controller';

/** Brands and members routes: thin forwards to brand-agent, which checks the caller's role on every call. */
@Module({
  controllers: [BrandsController, MembersController],
  providers: [],
})
export class BrandsHttpModule {}
