import type { Actor } from './actor';
import type { Covers, Expect, TaskSpec } from './task-map';

/**
 * The AI provider the agents use, as the instance owner sees it (ADR 123). Owned by creation-agent,
 * which answers from the configuration it runs with. Never carries a secret: whether a key is set,
 * not the key; the endpoint without credentials or query.
 */
export interface AiProviderStatus {
  /** The AI_PROVIDER value in force: local, openai, azure, ollama, vllm, llamacpp, openrouter, openai-compatible, anthropic, gemini. */
  provider: string;
  /** Human name of the preset ("Built-in engine", "Anthropic", ...). */
  preset: string;
  /** How it is reached: the built-in engine, the openai SDK, or a LangChain chat model. */
  api: 'local' | 'openai-compatible' | 'anthropic' | 'gemini';
  /** True while the built-in engine (templates and NLP, no language model) writes everything. */
  builtIn: boolean;
  engine: 'llm' | 'local-engine';
  baseUrl: string | null;
  models: { content: string; strategy: string };
  apiKeySet: boolean;
  /** How a structured answer is asked for. */
  structuredOutput: 'built-in' | 'json_schema' | 'json_object' | 'tool_call' | 'response_schema';
  timeoutMs: number;
  maxRetries: number;
  concurrency: number;
  /** What the built-in engine is, while it is in use. */
  notice?: string;
}

/** The answer of a connection test: the provider answered, or its error. */
export type AiProviderTestResult =
  | { ok: true; provider: string; model: string; latencyMs: number; engine: 'llm' | 'local-engine' }
  | { ok: false; provider: string; model: string; latencyMs: number; error: { code: string; message: string; retryable: boolean } };

export interface AiProviderStatusPayload {
  actor: Actor;
}
export interface AiProviderTestPayload {
  actor: Actor;
}

export const AI_PROVIDER_TASKS = {
  /** AiProviderStatusPayload → AiProviderStatus (a query). */
  status: 'ai.provider.status',
  /** AiProviderTestPayload → AiProviderTestResult: one small call to the content model. */
  test: 'ai.provider.test',
} as const;

export const AI_PROVIDER_ROUTES: Record<string, string> = Object.fromEntries(Object.values(AI_PROVIDER_TASKS).map((t) => [t, 'creation-agent']));

/** creation-agent's AI provider tasks (ADR 134). */
export interface AiProviderTaskMap {
  [AI_PROVIDER_TASKS.status]: TaskSpec<AiProviderStatusPayload, AiProviderStatus>;
  [AI_PROVIDER_TASKS.test]: TaskSpec<AiProviderTestPayload, AiProviderTestResult>;
}
/** Fails to compile when a constant above has no entry in its map. */
export type AiProviderMapsComplete = Expect<Covers<AiProviderTaskMap, typeof AI_PROVIDER_TASKS>>;
