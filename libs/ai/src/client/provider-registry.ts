import type { AiConfig, AiProviderKind } from '../config/ai.config';
import type { AiProvider } from './ai-provider';
import { AnthropicProvider } from './anthropic.provider';
import { GeminiProvider } from './gemini.provider';
import { LocalProvider } from './local.provider';
import { OpenAiCompatibleProvider } from './openai-compatible.provider';

/**
 * One factory per provider kind; every OpenAI-compatible endpoint shares one adapter (the openai
 * SDK), the others are LangChain chat models behind the same interface.
 */
const FACTORIES: Record<AiProviderKind, (config: AiConfig) => AiProvider> = {
  local: () => new LocalProvider(),
  openai: (c) => new OpenAiCompatibleProvider(c),
  azure: (c) => new OpenAiCompatibleProvider(c),
  ollama: (c) => new OpenAiCompatibleProvider(c),
  vllm: (c) => new OpenAiCompatibleProvider(c),
  llamacpp: (c) => new OpenAiCompatibleProvider(c),
  openrouter: (c) => new OpenAiCompatibleProvider(c),
  'openai-compatible': (c) => new OpenAiCompatibleProvider(c),
  anthropic: (c) => new AnthropicProvider(c),
  gemini: (c) => new GeminiProvider(c),
};

export function createAiProvider(config: AiConfig): AiProvider {
  return FACTORIES[config.provider](config);
}
