import type { AiConfig, AiProviderKind } from '../config/ai.config';
import type { AiProvider } from './ai-provider';
import { LocalProvider } from './local.provider';

/* eslint-disable @typescript-eslint/no-require-imports */
// Each remote provider's SDK (openai, LangChain with Anthropic or Gemini: ~11 MB of heap, ~40 MB of
// RSS together) is loaded when a provider of its kind is made, not by every process that imports
// libs/ai: the local default and the apps that never call a model do not carry them (ADR 184).
const openAi = (c: AiConfig): AiProvider =>
  new (require('./openai-compatible.provider') as typeof import('./openai-compatible.provider')).OpenAiCompatibleProvider(c);
const anthropic = (c: AiConfig): AiProvider => new (require('./anthropic.provider') as typeof import('./anthropic.provider')).AnthropicProvider(c);
const gemini = (c: AiConfig): AiProvider => new (require('./gemini.provider') as typeof import('./gemini.provider')).GeminiProvider(c);
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * One factory per provider kind; every OpenAI-compatible endpoint shares one adapter (the openai
 * SDK), the others are LangChain chat models behind the same interface.
 */
const FACTORIES: Record<AiProviderKind, (config: AiConfig) => AiProvider> = {
  local: () => new LocalProvider(),
  openai: openAi,
  azure: openAi,
  ollama: openAi,
  vllm: openAi,
  llamacpp: openAi,
  openrouter: openAi,
  'openai-compatible': openAi,
  anthropic,
  gemini,
};

export function createAiProvider(config: AiConfig): AiProvider {
  return FACTORIES[config.provider](config);
}
