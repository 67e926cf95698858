import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import type { AiConfig, AiProviderKind } from '../config/ai.config';
import { AiError } from '../errors';
import type { ChatMessage } from '../prompt/prompt-builder';
import type { AiCompletion, AiCompletionRequest, AiProvider } from './ai-provider';

/** What a LangChain structured-output runnable answers with `includeRaw: true`. */
export interface RawStructuredAnswer {
  raw: BaseMessage;
}

/** The part of a LangChain runnable this adapter uses. */
export interface StructuredRunnable {
  invoke(messages: BaseMessage[], options: { signal: AbortSignal }): Promise<RawStructuredAnswer>;
}

/**
 * Shared code of the providers reached through a LangChain chat model (APIs that are not
 * OpenAI-compatible): message conversion, our own deadline, token usage and the answer's text.
 * LangChain's and the SDKs' retries are off (maxRetries 0): the retry handler owns retries.
 *
 * The answer handed on is the raw structured answer (the forced tool call's input, or the JSON text),
 * not LangChain's parsed value: validation, repair and feedback to the model are the validator's,
 * the same for every provider.
 */
export abstract class LangChainChatProvider implements AiProvider {
  readonly engine = 'llm' as const;
  readonly id: AiProviderKind;

  protected constructor(protected readonly config: AiConfig) {
    this.id = config.provider;
  }

  /** The structured-output runnable for one request (the schema is the task's). */
  protected abstract runnable(req: AiCompletionRequest): StructuredRunnable;
  /** Map anything the provider's SDK throws to an AiError with a stable code. */
  protected abstract toAiError(err: unknown): AiError;

  async complete(req: AiCompletionRequest): Promise<AiCompletion> {
    try {
      return await this.send(req);
    } catch (err) {
      throw this.toAiError(err);
    }
  }

  protected async send(req: AiCompletionRequest, runnable = this.runnable(req)): Promise<AiCompletion> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.config.timeoutMs);
    let answer: RawStructuredAnswer;
    try {
      answer = await runnable.invoke(toLangChainMessages(req.messages), { signal: controller.signal });
    } catch (err) {
      if (timedOut) throw new AiError('AI_TIMEOUT', `the AI endpoint did not answer within ${this.config.timeoutMs} ms`, { cause: err });
      throw err;
    } finally {
      clearTimeout(timer);
    }
    return completionOf(answer.raw, req.model);
  }
}

export function toLangChainMessages(messages: readonly ChatMessage[]): BaseMessage[] {
  return messages.map((m) => {
    switch (m.role) {
      case 'system':
        return new SystemMessage(m.content);
      case 'user':
        return new HumanMessage(m.content);
      case 'assistant':
        return new AIMessage(m.content);
      default: {
        const never: never = m.role;
        throw new Error(`unknown message role ${String(never)}`);
      }
    }
  });
}

function textOf(content: BaseMessage['content']): string {
  if (typeof content === 'string') return content;
  return content.map((block) => (typeof block === 'string' ? block : block.type === 'text' && typeof block.text === 'string' ? block.text : '')).join('');
}

/** Text, usage and model name of a LangChain answer; a tool call's input is the structured answer. */
export function completionOf(raw: BaseMessage, requestedModel: string): AiCompletion {
  const message = raw as AIMessage;
  const tokensIn = message.usage_metadata?.input_tokens ?? 0;
  const tokensOut = message.usage_metadata?.output_tokens ?? 0;
  const meta = (message.response_metadata ?? {}) as Record<string, unknown>;
  const model = [meta.model, meta.model_name, meta.modelVersion].find((m): m is string => typeof m === 'string' && m.length > 0) ?? requestedModel;
  const finishReason = [meta.stop_reason, meta.finishReason].find((f): f is string => typeof f === 'string');
  const call = message.tool_calls?.[0];
  const content = call ? JSON.stringify(call.args) : textOf(message.content);
  if (content.trim() === '') throw new AiError('AI_EMPTY_OUTPUT', 'the model returned no content', { tokensIn, tokensOut });
  return { content, tokensIn, tokensOut, model, ...(finishReason ? { finishReason } : {}) };
}

/** Fields of an HTTP error object as the Anthropic and Google SDKs throw them (read by shape). */
export function httpStatusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
