import { type DynamicModule, Module } from '@nestjs/common';
import { RuntimeModule, type Runtime, SystemHealthHandler } from '@mt/runtime';
import { BRAND_ENTITIES } from './entities';
import { BrandAccessHandler } from './handlers/brand-access.handler';
import { BrandContextHandler } from './handlers/brand-context.handler';
import { BrandHandler } from './handlers/brand.handler';
import { MembershipHandler } from './handlers/membership.handler';
import { UserRegisteredHandler } from './handlers/user-registered.handler';
import { BRAND_MIGRATIONS } from './migrations';
import { BrandRepository } from './repositories/brand.repository';
import { MemberProfileRepository } from './repositories/member-profile.repository';
import { MembershipRepository } from './repositories/membership.repository';
import { BrandContextService } from './services/brand-context.service';
import { BrandService } from './services/brand.service';
import { MemberDirectoryService } from './services/member-directory.service';
import { MembershipService } from './services/membership.service';

export const BRAND_AGENT = { name: 'brand-agent', schema: 'brand' } as const;

@Module({})
export class BrandAgentModule {
  static register(runtime: Runtime): DynamicModule {
    return {
      module: BrandAgentModule,
      imports: [RuntimeModule.forApp(runtime, { ...BRAND_AGENT, entities: BRAND_ENTITIES, migrations: BRAND_MIGRATIONS, ai: true })],
      controllers: [SystemHealthHandler, BrandHandler, MembershipHandler, BrandAccessHandler, BrandContextHandler, UserRegisteredHandler],
      providers: [BrandContextService, BrandRepository, MembershipRepository, MemberProfileRepository, BrandService, MembershipService, MemberDirectoryService],
    };
  }
}
