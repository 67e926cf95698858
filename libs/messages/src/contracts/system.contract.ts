import type { TaskSpec } from './task-map';

/** Every agent answers this query (addressed with `{ agent }`), for the gateway's readiness check. */
export const SYSTEM_HEALTH = 'system.health';

export interface AgentHealth {
  agent: string;
  status: 'ok' | 'degraded';
  checks: Record<string, { ok: boolean; detail?: string }>;
}

/** The system task of every agent (ADR 134). */
export interface SystemTaskMap {
  [SYSTEM_HEALTH]: TaskSpec<Record<string, never>, AgentHealth>;
}
