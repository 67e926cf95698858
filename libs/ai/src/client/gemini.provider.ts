import { ChatGoogleGenerativeAI } from '@langchain/google-genai';
import type { AiConfig } from '../config/ai.config';
import { AiError } from '../errors';
import type { AiCompletion, AiCompletionRequest } from './ai-provider';
import { httpStatusOf, LangChainChatProvider, type RawStructuredAnswer, type StructuredRunnable } from './langchain-chat.provider';

/** One entry of a Google API error's `details`. */
interface GoogleErrorDetail {
  '@type'?: string;
  retryDelay?: string;
  reason?: string;
}

/**
 * Gemini models through `@langchain/google-genai` (the Gemini API's generateContent). Structured
 * output is a response schema (JSON text). The API accepts only a subset of JSON Schema in it: when
 * it rejects the task's schema, the provider falls back to JSON mode (plus validation) from then on,
 * as the OpenAI-compatible adapter does for json_schema.
 */
export class GeminiProvider extends LangChainChatProvider {
  private readonly models = new Map<string, ChatGoogleGenerativeAI>();
  private responseSchema = true;

  constructor(config: AiConfig) {
    super(config);
  }

  private chatModel(model: string, maxOutputTokens: number, json: boolean): ChatGoogleGenerativeAI {
    const key = `${model}\u0000${maxOutputTokens}\u0000${json}`;
    let chat = this.models.get(key);
    if (!chat) {
      chat = new ChatGoogleGenerativeAI({
        model,
        apiKey: this.config.apiKey,
        baseUrl: this.config.baseUrl,
        apiVersion: this.config.apiVersion,
        maxOutputTokens,
        maxRetries: 0,
        json,
      });
      this.models.set(key, chat);
    }
    return chat;
  }

  protected runnable(req: AiCompletionRequest): StructuredRunnable {
    if (!this.responseSchema) return this.jsonMode(req);
    return this.chatModel(req.model, req.maxOutputTokens, false).withStructuredOutput(req.jsonSchema, {
      name: req.schemaName,
      method: 'jsonSchema',
      includeRaw: true,
    }) as unknown as StructuredRunnable;
  }

  private jsonMode(req: AiCompletionRequest): StructuredRunnable {
    const chat = this.chatModel(req.model, req.maxOutputTokens, true);
    return { invoke: async (messages, options): Promise<RawStructuredAnswer> => ({ raw: await chat.invoke(messages, options) }) };
  }

  override async complete(req: AiCompletionRequest): Promise<AiCompletion> {
    try {
      return await this.send(req);
    } catch (err) {
      const mapped = this.toAiError(err);
      if (this.responseSchema && mapped.code === 'AI_BAD_REQUEST' && /response_schema|responseSchema/i.test(mapped.message)) {
        this.responseSchema = false;
        try {
          return await this.send(req);
        } catch (again) {
          throw this.toAiError(again);
        }
      }
      throw mapped;
    }
  }

  protected toAiError(err: unknown): AiError {
    if (err instanceof AiError) return err;
    const status = httpStatusOf(err);
    const e = err as { message?: string; name?: string; errorDetails?: GoogleErrorDetail[] };
    if (status === undefined) {
      if (e?.name === 'GoogleGenerativeAIAbortError') return new AiError('AI_TIMEOUT', 'the Gemini API request was aborted', { cause: err });
      return new AiError('AI_PROVIDER_ERROR', `could not reach the Gemini API: ${e?.message ?? String(err)}`, { cause: err });
    }
    const details = Array.isArray(e.errorDetails) ? e.errorDetails : [];
    // The SDK's message is "Error fetching from <url>: [status text] message details"; the URL carries no key.
    const msg = `Gemini API answered ${status}: ${(e.message ?? '').replace(/^.*?\]\s*/, '').slice(0, 500)}`;
    if (status === 429) return new AiError('AI_RATE_LIMITED', msg, { retryAfterMs: retryDelayMs(details), cause: err });
    // An invalid key is a 400 INVALID_ARGUMENT whose ErrorInfo says API_KEY_INVALID.
    if (status === 401 || status === 403 || details.some((d) => d.reason === 'API_KEY_INVALID')) return new AiError('AI_AUTH_FAILED', msg, { cause: err });
    if (status === 408) return new AiError('AI_TIMEOUT', msg, { cause: err });
    // 503 UNAVAILABLE (overloaded), 500 INTERNAL, 504 DEADLINE_EXCEEDED: retry.
    if (status >= 500) return new AiError('AI_PROVIDER_ERROR', msg, { retryAfterMs: retryDelayMs(details), cause: err });
    return new AiError('AI_BAD_REQUEST', msg, { cause: err });
  }
}

/** `google.rpc.RetryInfo.retryDelay` ("37s", "1.5s") in milliseconds. */
export function retryDelayMs(details: readonly GoogleErrorDetail[]): number | undefined {
  const info = details.find((d) => d['@type']?.endsWith('google.rpc.RetryInfo'));
  const m = /^(\d+(?:\.\d+)?)s$/.exec(info?.retryDelay?.trim() ?? '');
  return m ? Math.ceil(Number(m[1]) * 1000) : undefined;
}
