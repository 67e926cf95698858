import { type DynamicModule, Module } from '@nestjs/common';
import { RuntimeModule, type Runtime, SystemHealthHandler } from '@mt/runtime';
import { Auth_ENTITIES } from './entities';
import { Auth_MIGRATIONS } from './migrations';

export const Auth_AGENT = { name: 'auth-agent', schema: 'auth' } as const;

@Module({})
export class AuthAgentModule {
  static register(runtime: Runtime): DynamicModule {
    return {
      module: AuthAgentModule,
      imports: [RuntimeModule.forApp(runtime, { ...Auth_AGENT, entities: Auth_ENTITIES, migrations: Auth_MIGRATIONS })],
      controllers: [SystemHealthHandler],
      providers: [],
    };
  }
}
