import { type DynamicModule, Module } from '@nestjs/common';
import { RuntimeModule, type Runtime, SystemHealthHandler } from '@mt/runtime';
import { Publishing_ENTITIES } from './entities';
import { Publishing_MIGRATIONS } from './migrations';

export const Publishing_AGENT = { name: 'publishing-agent', schema: 'publishing' } as const;

@Module({})
export class PublishingAgentModule {
  static register(runtime: Runtime): DynamicModule {
    return {
      module: PublishingAgentModule,
      imports: [RuntimeModule.forApp(runtime, { ...Publishing_AGENT, entities: Publishing_ENTITIES, migrations: Publishing_MIGRATIONS })],
      controllers: [SystemHealthHandler],
      providers: [],
    };
  }
}
