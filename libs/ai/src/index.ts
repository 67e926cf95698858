// Public API of libs/ai: the only way an agent reaches a model.
export { AiService, AI_CONFIG, AI_PROVIDER, AI_RUNTIME, AI_STORE, cacheKey } from './ai.service';
export type { AiAttemptReport, AiCallContext, AiObserver, AiRunMeta, AiRunResult, AiRuntimeOptions } from './ai.service';
export { AiModule, type AiModuleOptions } from './ai.module';
export { AiProviderInfo, PRESET_NAMES, publicBaseUrl, type ProviderStatus, type ConnectionTest } from './provider-info.service';

export { loadAiConfig, apiFamilyOf, AiConfigError, DEFAULT_PRICES, LOCAL_MODEL } from './config/ai.config';
export type { AiConfig, AiProviderKind, AiApiFamily, ModelPrice } from './config/ai.config';

export { AiError, isAiError, isRetryableCode, AI_ERROR_CODES, type AiErrorCode } from './errors';

export {
  PLATFORMS,
  PLATFORM_IDS,
  platformLength,
  renderPost,
  isPlatformId,
  type PlatformId,
  type PlatformRules,
  type MediaRules,
  type MediaKindRules,
} from './platforms';

export { AI_TASKS, AI_TASK_NAMES, taskDefinition } from './tasks/registry';
export type { AiTaskMap, AiTaskName, AiTaskInput, AiTaskOutput } from './tasks/registry';
export { findBannedWords, type BrandContext, type VoiceStyle, type AiTaskDefinition, type ModelTier } from './tasks/common';
export * from './tasks/brand-strategy.task';
export * from './tasks/voice-profile.task';
export * from './tasks/campaign-calendar.task';
export * from './tasks/post-generation.task';
export * from './tasks/variant-scoring.task';
export * from './tasks/insights.task';
export * from './tasks/inbox-reply.task';
export * from './tasks/target-adaptation.task';
export * from './tasks/alt-text.task';

export { buildPrompt, withFeedback, type BuiltPrompt, type ChatMessage } from './prompt/prompt-builder';
export { guardText, guardData, NEUTRALISED_MARKER, type InjectionFinding, type InjectionRule } from './prompt/injection-guard';

export type { AiProvider, AiCompletion, AiCompletionRequest, AiEngineKind } from './client/ai-provider';
export { LocalProvider } from './client/local.provider';
// The remote providers (OpenAiCompatibleProvider, AnthropicProvider, GeminiProvider) and their error
// mapping are not exported here: importing them loads their SDKs. createAiProvider loads the one
// configured (ADR 184); a test or bench that needs a class imports its file.
export { createAiProvider } from './client/provider-registry';

export { validateOutput, type ValidationResult } from './validation/output-validator';
export { parseModelJson } from './validation/json-repair';
export { withRetry, backoffDelay, type RetryPolicy } from './retry/retry-handler';
export { createLimiter, mapLimited, type Settled } from './concurrency/run-limited';

export { AiLogEntity, AiBudgetEntity, AiCacheEntity, AI_ENTITIES, type AiLogOutcome } from './cost/ai-log.entity';
export { AiSchema1732350000000, AI_MIGRATIONS } from './cost/ai-schema.migration';
export { AiRepository, type UsageReport, type UsageLine } from './cost/ai.repository';
export { InMemoryAiStore, type AiStore, type CacheEntry, type NewAiLog, type BudgetState } from './cost/ai-store';
export { priceFor, costUsd, estimatePromptTokens, worstCaseCostUsd } from './cost/price-table';

export { LocalEngine, LOCAL_ENGINE_NOTICE } from './local/local-engine';
export { countOf } from './local/text-tools';

// Test support, reused by other libraries' and apps' failure-path tests.
export { OpenAiCompatibleTestServer, reply as testReply } from './testing/openai-compatible-test-server';
export type { TestReply, TestUsage, RecordedRequest, ChatRequestBody } from './testing/openai-compatible-test-server';
export { AnthropicTestServer, anthropicReply } from './testing/anthropic-test-server';
export { GeminiTestServer, geminiReply } from './testing/gemini-test-server';
export type { ModelReply, ModelRequest } from './testing/scripted-model-server';
