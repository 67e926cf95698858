import { Controller, Get, HttpCode, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { AGENTS, type AgentHealth, MeshClient, SYSTEM_HEALTH } from '@mt/messages';
import { KV_STORE, type KeyValueStore, RUNTIME, type Runtime } from '@mt/runtime';
import { Public } from '../http/current-user';
import { isInternalCaller } from '../http/internal-access';

/**
 * Liveness: the process answers. Readiness: broker, database, store and every agent answer; which
 * one failed, and why, only to the operator (Bearer METRICS_TOKEN, ADR 103): the public answer is
 * the status alone.
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
    checks.broker = { ok: this.runtime.broker.isConnected(), detail: this.runtime.broker.kind };
    checks.database = await this.dataSource.query('SELECT 1').then(
      () => ({ ok: true }),
      (err: Error) => ({ ok: false, detail: err.message }),
    );
    checks.store = { ok: await this.kv.ping() };
    await Promise.all(
      AGENTS.map(async (agent) => {
        try {
          const h = await this.mesh.request<AgentHealth>(SYSTEM_HEALTH, {}, { agent, timeoutMs: 2_000 });
          checks[agent] = { ok: h.status === 'ok', detail: h.status };
        } catch (err) {
          checks[agent] = { ok: false, detail: (err as Error).message };
        }
      }),
    );
    const ok = Object.values(checks).every((c) => c.ok);
    res.status(ok ? 200 : 503);
    const status = ok ? 'ok' : 'unavailable';
    return isInternalCaller(req, this.runtime.config.metricsToken) ? { status, checks } : { status };
  }
}
