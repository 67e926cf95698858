import { type DynamicModule, Module } from '@nestjs/common';
import { RuntimeModule, type Runtime, SystemHealthHandler } from '@mt/runtime';
import { Brand_ENTITIES } from './entities';
import { Brand_MIGRATIONS } from './migrations';

export const Brand_AGENT = { name: 'brand-agent', schema: 'brand' } as const;

@Module({})
export class BrandAgentModule {
  static register(runtime: Runtime): DynamicModule {
    return {
      module: BrandAgentModule,
      imports: [RuntimeModule.forApp(runtime, { ...Brand_AGENT, entities: Brand_ENTITIES, migrations: Brand_MIGRATIONS })],
      controllers: [SystemHealthHandler],
      providers: [],
    };
  }
}
