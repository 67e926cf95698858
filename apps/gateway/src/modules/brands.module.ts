import { Module } from '@nestjs/common';
import { BrandsController } from '../controllers/brands.controller';
import { InvitationsController } from '../controllers/invitations.controller';
import { MembersController } from '../controllers/members.controller';

/** Brands, members and invitations routes: thin forwards to brand-agent, which checks the caller's role on every call. */
@Module({
  controllers: [BrandsController, MembersController, InvitationsController],
  providers: [],
})
export class BrandsHttpModule {}
