import { Inject, Injectable } from '@nestjs/common';
import { AI_CONFIG, AI_PROVIDER } from './ai.service';
import type { AiEngineKind, AiProvider } from './client/ai-provider';
import { apiFamilyOf, type AiApiFamily, type AiConfig, type AiProviderKind } from './config/ai.config';
import { AiError } from './errors';
import { LOCAL_ENGINE_NOTICE } from './local/local-engine';

export const PRESET_NAMES: Readonly<Record<AiProviderKind, string>> = {
  local: 'Built-in engine',
  openai: 'OpenAI',
  azure: 'Azure OpenAI',
  ollama: 'Ollama',
  vllm: 'vLLM',
  llamacpp: 'llama.cpp server',
  openrouter: 'OpenRouter',
  'openai-compatible': 'OpenAI-compatible endpoint',
  anthropic: 'Anthropic',
  gemini: 'Google Gemini',
};

export interface ProviderStatus {
  provider: AiProviderKind;
  preset: string;
  api: AiApiFamily;
  builtIn: boolean;
  engine: AiEngineKind;
  baseUrl: string | null;
  models: { content: string; strategy: string };
  apiKeySet: boolean;
  structuredOutput: 'built-in' | 'json_schema' | 'json_object' | 'tool_call' | 'response_schema';
  timeoutMs: number;
  maxRetries: number;
  concurrency: number;
  notice?: string;
}

export type ConnectionTest =
  | { ok: true; provider: AiProviderKind; model: string; latencyMs: number; engine: AiEngineKind }
  | { ok: false; provider: AiProviderKind; model: string; latencyMs: number; error: { code: string; message: string; retryable: boolean } };

/** The endpoint as it may be shown: no user, password, query or fragment (Azure keys can ride in a query). */
export function publicBaseUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return null;
  }
}

const PING_SCHEMA = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] };

/**
 * Which provider and models are in force, and a connection test: one small call to the content
 * model, outside any brand (so no AILog row and no budget), with the provider's own error if any.
 */
@Injectable()
export class AiProviderInfo {
  constructor(
    @Inject(AI_CONFIG) private readonly config: AiConfig,
    @Inject(AI_PROVIDER) private readonly provider: AiProvider,
  ) {}

  status(): ProviderStatus {
    const c = this.config;
    const api = apiFamilyOf(c.provider);
    const builtIn = this.provider.engine === 'local-engine';
    const structuredOutput = builtIn
      ? 'built-in'
      : api === 'anthropic'
        ? 'tool_call'
        : api === 'gemini'
          ? 'response_schema'
          : c.jsonSchema
            ? 'json_schema'
            : 'json_object';
    return {
      provider: c.provider,
      preset: PRESET_NAMES[c.provider],
      api,
      builtIn,
      engine: this.provider.engine,
      baseUrl: builtIn ? null : publicBaseUrl(c.baseUrl),
      models: { content: c.modelContent, strategy: c.modelStrategy },
      apiKeySet: !!c.apiKey,
      structuredOutput,
      timeoutMs: c.timeoutMs,
      maxRetries: c.maxRetries,
      concurrency: c.concurrency,
      ...(builtIn ? { notice: LOCAL_ENGINE_NOTICE } : {}),
    };
  }

  async test(): Promise<ConnectionTest> {
    const model = this.config.modelContent;
    const base = { provider: this.config.provider, model };
    if (this.provider.engine === 'local-engine') {
      // Nothing to reach: the engine runs in process.
      return { ok: true, ...base, latencyMs: 0, engine: 'local-engine' };
    }
    const started = performance.now();
    try {
      const answer = await this.provider.complete({
        task: 'variant-scoring',
        input: {},
        model,
        messages: [
          { role: 'system', content: 'Connection test. Answer with the JSON object {"ok": true} and nothing else.' },
          { role: 'user', content: 'ping' },
        ],
        schemaName: 'connection_test',
        jsonSchema: PING_SCHEMA,
        maxOutputTokens: 64,
        attempt: 1,
      });
      return { ok: true, provider: this.config.provider, model: answer.model || model, latencyMs: Math.round(performance.now() - started), engine: 'llm' };
    } catch (err) {
      const latencyMs = Math.round(performance.now() - started);
      // An empty answer still proves the model is reachable and answering.
      if (err instanceof AiError && err.code === 'AI_EMPTY_OUTPUT') return { ok: true, ...base, latencyMs, engine: 'llm' };
      const e = err instanceof AiError ? err : new AiError('AI_PROVIDER_ERROR', (err as Error)?.message ?? String(err));
      return { ok: false, ...base, latencyMs, error: { code: e.code, message: redact(e.message, this.config.apiKey), retryable: e.retryable } };
    }
  }
}

/** Belt and braces: no SDK message should hold the key, but none may ever show it. */
function redact(message: string, key: string | undefined): string {
  const clean = key && key.length >= 4 ? message.split(key).join('[redacted]') : message;
  return clean.slice(0, 500);
}
