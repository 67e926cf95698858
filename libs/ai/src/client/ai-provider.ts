import type { ChatMessage } from '../prompt/prompt-builder';
import type { AiTaskName } from '../tasks/registry';

export interface AiCompletionRequest {
  task: AiTaskName;
  /** The typed task input; engines that do not read prompts (the local engine) work from it. */
  input: unknown;
  model: string;
  messages: ChatMessage[];
  schemaName: string;
  jsonSchema: Record<string, unknown>;
  maxOutputTokens: number;
  /** 1 for the first attempt; engines use it to vary a retried answer. */
  attempt: number;
  /**
   * Images (data URLs) that go with the last user message; only set for a model configured as
   * accepting images (AI_IMAGE_MODELS, ADR 209). A provider that cannot send them leaves them out.
   */
  images?: string[];
}

export interface AiCompletion {
  /** Raw text of the answer; validation happens after the provider. */
  content: string | null;
  tokensIn: number;
  tokensOut: number;
  /** Model that actually answered, as reported by the endpoint. */
  model: string;
  finishReason?: string;
}

/** How the answer was produced; shown in every AILog row and to users. */
export type AiEngineKind = 'llm' | 'local-engine';

/**
 * One interface for every way of answering a task. A provider throws AiError only, with a stable code;
 * it never retries by itself (the retry handler owns retries).
 */
export interface AiProvider {
  /** Value of ai_log.provider: "local", "openai", "ollama", ... */
  readonly id: string;
  readonly engine: AiEngineKind;
  complete(request: AiCompletionRequest): Promise<AiCompletion>;
}
