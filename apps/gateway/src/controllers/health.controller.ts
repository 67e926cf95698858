import { Controller, Get, HttpCode, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from '../http/fastify-request';
import { DataSource } from 'typeorm';
import { AGENTS, MeshClient, SYSTEM_HEALTH } from '@mt/messages';
import { KV_STORE, type KeyValueStore, RUNTIME, type Runtime } from '@mt/runtime';
import { Public } from '../http/current-user';
import { isInternalCaller } from '../http/internal-access';

/**
 * Liveness: the process answers (its event loop runs). Readiness means "send me traffic": the
 * gateway's own dependencies (broker, database, store) answer and it is not stopping. Agents are
 * reported in the body and in the `mesh_agent_up` metric but do not decide readiness: one agent
 * down must not take every gateway pod out of service (its routes answer 503 AGENT_UNAVAILABLE).
 * Which check failed, and why, goes only to the operator (Bearer METRICS_TOKEN, ADR 103): the
 * public answer is the status alone.
 */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly mesh: MeshClient,
    private readonly dataSource: DataSource,
    @Inject(KV_STORE) private readonly kv: KeyValueStore,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  @Get('live')
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    const agents: Record<string, { ok: boolean; detail?: string }> = {};
    checks.broker = { ok: this.runtime.broker.isConnected(), detail: this.runtime.broker.kind };
    checks.database = await this.dataSource.query('SELECT 1').then(
      () => ({ ok: true }),
      (err: Error) => ({ ok: false, detail: err.message }),
    );
    checks.store = { ok: await this.kv.ping() };
    await Promise.all(
      AGENTS.map(async (agent) => {
        try {
          const h = await this.mesh.request(SYSTEM_HEALTH, {}, { agent, timeoutMs: this.runtime.config.mesh.healthTimeoutMs });
          agents[agent] = { ok: h.status === 'ok', detail: h.status };
        } catch (err) {
          agents[agent] = { ok: false, detail: (err as Error).message };
        }
        this.runtime.metrics.setAgentUp(agent, agents[agent].ok);
      }),
    );
    const draining = this.runtime.draining;
    const ok = !draining && Object.values(checks).every((c) => c.ok);
    res.status(ok ? 200 : 503);
    const degraded = Object.values(agents).some((a) => !a.ok);
    const status = draining ? 'stopping' : !ok ? 'unavailable' : degraded ? 'degraded' : 'ok';
    return isInternalCaller(req, this.runtime.config.metricsToken) ? { status, checks, agents } : { status };
  }
}
