import { ChatAnthropic } from '@langchain/anthropic';
import type { AiConfig } from '../config/ai.config';
import { AiError } from '../errors';
import type { AiCompletionRequest } from './ai-provider';
import { retryAfterMs } from './error-mapping';
import { httpStatusOf, LangChainChatProvider, type StructuredRunnable } from './langchain-chat.provider';

/** Anthropic's error body: `{ type: "error", error: { type, message, details? } }`. */
interface AnthropicErrorBody {
  error?: { type?: string; message?: string; details?: { error_code?: string } };
}

/**
 * Claude models through `@langchain/anthropic` (Anthropic Messages API). Structured output is a
 * forced tool call whose input schema is the task's JSON Schema.
 */
export class AnthropicProvider extends LangChainChatProvider {
  private readonly models = new Map<string, ChatAnthropic>();

  constructor(config: AiConfig) {
    super(config);
  }

  private chatModel(model: string, maxTokens: number): ChatAnthropic {
    const key = `${model}\u0000${maxTokens}`;
    let chat = this.models.get(key);
    if (!chat) {
      chat = new ChatAnthropic({
        model,
        apiKey: this.config.apiKey,
        anthropicApiUrl: this.config.baseUrl,
        maxTokens,
        maxRetries: 0,
        clientOptions: { timeout: this.config.timeoutMs + 1000, maxRetries: 0 },
      });
      this.models.set(key, chat);
    }
    return chat;
  }

  protected runnable(req: AiCompletionRequest): StructuredRunnable {
    return this.chatModel(req.model, req.maxOutputTokens).withStructuredOutput(req.jsonSchema, {
      name: toolName(req.schemaName),
      method: 'functionCalling',
      includeRaw: true,
    }) as unknown as StructuredRunnable;
  }

  protected toAiError(err: unknown): AiError {
    if (err instanceof AiError) return err;
    const status = httpStatusOf(err);
    const e = err as { message?: string; name?: string; headers?: Headers; error?: AnthropicErrorBody };
    if (status === undefined) {
      if (e?.name === 'APIConnectionTimeoutError') return new AiError('AI_TIMEOUT', 'the Anthropic API did not answer in time', { cause: err });
      return new AiError('AI_PROVIDER_ERROR', `could not reach the Anthropic API: ${e?.message ?? String(err)}`, { cause: err });
    }
    const type = e.error?.error?.type ?? 'error';
    const msg = `Anthropic API answered ${status} ${type}: ${e.error?.error?.message ?? firstLine(e.message)}`;
    const wait = retryAfterMs(e.headers);
    if (status === 429) {
      // The monthly spend cap looks like a rate limit but lifts next month: an operator must act.
      if (e.error?.error?.details?.error_code === 'enforced_spend_limit_reached') return new AiError('AI_AUTH_FAILED', msg, { cause: err });
      return new AiError('AI_RATE_LIMITED', msg, { retryAfterMs: wait, cause: err });
    }
    if (status === 401 || status === 403) return new AiError('AI_AUTH_FAILED', msg, { cause: err });
    if (status === 408) return new AiError('AI_TIMEOUT', msg, { cause: err });
    // 529 overloaded_error and every 5xx: retry, honouring retry-after when the API sends one.
    if (status >= 500) return new AiError('AI_PROVIDER_ERROR', msg, { retryAfterMs: wait, cause: err });
    if (status === 409) return new AiError('AI_PROVIDER_ERROR', msg, { cause: err });
    return new AiError('AI_BAD_REQUEST', msg, { cause: err });
  }
}

/** Anthropic tool names: letters, digits, "_" and "-", at most 64 characters. */
function toolName(schemaName: string): string {
  return schemaName.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'answer';
}

const firstLine = (s: string | undefined) => (s ?? '').split('\n')[0];
