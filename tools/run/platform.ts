import type { DynamicModule, INestApplication } from '@nestjs/common';
import { type Runtime, startApp } from '@mt/runtime';
import { AuthAgentModule } from '../../apps/auth-agent/src/auth-agent.module';
import { BrandAgentModule } from '../../apps/brand-agent/src/brand-agent.module';
import { CreationAgentModule } from '../../apps/creation-agent/src/creation-agent.module';
import { startGateway } from '../../apps/gateway/src/gateway.app';
import { PublishingAgentModule } from '../../apps/publishing-agent/src/publishing-agent.module';
import { StrategyAgentModule } from '../../apps/strategy-agent/src/strategy-agent.module';

/** The composition root: the only place that knows every app. */
export const AGENT_MODULES: Record<string, (runtime: Runtime) => DynamicModule> = {
  'auth-agent': (r) => AuthAgentModule.register(r),
  'brand-agent': (r) => BrandAgentModule.register(r),
  'strategy-agent': (r) => StrategyAgentModule.register(r),
  'creation-agent': (r) => CreationAgentModule.register(r),
  'publishing-agent': (r) => PublishingAgentModule.register(r),
};

export interface RunningPlatform {
  gateway: INestApplication;
  agents: INestApplication[];
  stop(): Promise<void>;
}

/** Every app in this process, on one runtime. Agents start first so the gateway's first request finds them. */
export async function startPlatform(runtime: Runtime, opts: { listen: boolean }): Promise<RunningPlatform> {
  const agents: INestApplication[] = [];
  for (const [name, moduleFor] of Object.entries(AGENT_MODULES)) {
    agents.push(await startApp(moduleFor(runtime), runtime, { name }));
  }
  const gateway = await startGateway(runtime, opts.listen);
  return {
    gateway,
    agents,
    async stop() {
      await gateway.close();
      for (const a of agents.reverse()) await a.close();
      await runtime.close();
    },
  };
}
