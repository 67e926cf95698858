import type { DynamicModule, INestApplication } from '@nestjs/common';
import { listenApp, type Runtime, startApp } from '@mt/runtime';
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

/**
 * Every app in this process, on one runtime. The apps start side by side (each mostly waits on its
 * broker declarations and its database, ADR 225); the gateway opens its port only once every agent
 * has started, so its first request finds them. If one app cannot start, the others are closed and
 * its error is thrown.
 */
export async function startPlatform(runtime: Runtime, opts: { listen: boolean }): Promise<RunningPlatform> {
  const starting = Object.entries(AGENT_MODULES).map(([name, moduleFor]) => startApp(moduleFor(runtime), runtime, { name }));
  const started = await Promise.allSettled([...starting, startGateway(runtime, false)]);
  const apps = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.allSettled(apps.map((a) => a.close()));
    throw failed.reason;
  }
  const gateway = apps.pop() as INestApplication;
  const agents = apps;
  if (opts.listen) {
    try {
      await listenApp(gateway, runtime, runtime.config.http);
    } catch (err) {
      await Promise.allSettled([gateway, ...agents].map((a) => a.close()));
      throw err;
    }
  }
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
