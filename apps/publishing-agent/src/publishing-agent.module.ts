import { type DynamicModule, Module } from '@nestjs/common';
import { RuntimeModule, type Runtime, SystemHealthHandler } from '@mt/runtime';
import { PUBLISHING_ENTITIES } from './entities';
import { PUBLISHING_MIGRATIONS } from './migrations';

export const PUBLISHING_AGENT = { name: 'publishing-agent', schema: 'publishing' } as const;

@Module({})
export class PublishingAgentModule {
  static register(runtime: Runtime): DynamicModule {
    return {
      module: PublishingAgentModule,
      imports: [RuntimeModule.forApp(runtime, { ...PUBLISHING_AGENT, entities: PUBLISHING_ENTITIES, migrations: PUBLISHING_MIGRATIONS })],
      controllers: [SystemHealthHandler],
      providers: [],
    };
  }
}
