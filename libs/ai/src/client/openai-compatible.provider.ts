import OpenAI, { AzureOpenAI } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { AiConfig, AiProviderKind } from '../config/ai.config';
import { AiError } from '../errors';
import type { AiCompletion, AiCompletionRequest, AiProvider } from './ai-provider';
import { toAiError } from './error-mapping';

/**
 * Any OpenAI-compatible chat-completions endpoint (OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp
 * server) through the official SDK. The SDK's own retries are off: the retry handler owns retries.
 */
export class OpenAiCompatibleProvider implements AiProvider {
  readonly engine = 'llm' as const;
  readonly id: AiProviderKind;
  private readonly client: OpenAI;
  private jsonSchema: boolean;

  constructor(
    private readonly config: AiConfig,
    client?: OpenAI,
  ) {
    this.id = config.provider;
    this.jsonSchema = config.jsonSchema;
    this.client = client ?? OpenAiCompatibleProvider.createClient(config);
  }

  static createClient(config: AiConfig): OpenAI {
    const common = { apiKey: config.apiKey ?? 'not-needed', timeout: config.timeoutMs + 1000, maxRetries: 0 };
    if (config.provider === 'azure') {
      return new AzureOpenAI({ ...common, endpoint: config.baseUrl, apiVersion: config.apiVersion });
    }
    return new OpenAI({ ...common, baseURL: config.baseUrl });
  }

  async complete(req: AiCompletionRequest): Promise<AiCompletion> {
    try {
      return await this.send(req, this.jsonSchema);
    } catch (err) {
      const mapped = toAiError(err);
      // Some servers reject json_schema; fall back to json_object (plus validation) from then on.
      if (this.jsonSchema && mapped.code === 'AI_BAD_REQUEST' && /response_format|json_schema/i.test(mapped.message)) {
        this.jsonSchema = false;
        try {
          return await this.send(req, false);
        } catch (again) {
          throw toAiError(again);
        }
      }
      throw mapped;
    }
  }

  private async send(req: AiCompletionRequest, jsonSchema: boolean): Promise<AiCompletion> {
    const params: ChatCompletionCreateParamsNonStreaming = {
      model: req.model,
      messages: withImages(req.messages, req.images),
      response_format: jsonSchema
        ? { type: 'json_schema', json_schema: { name: req.schemaName, schema: req.jsonSchema, strict: false } }
        : { type: 'json_object' },
    };
    // OpenAI's newer models only accept max_completion_tokens; local servers know max_tokens.
    if (this.id === 'openai' || this.id === 'azure') params.max_completion_tokens = req.maxOutputTokens;
    else params.max_tokens = req.maxOutputTokens;

    // Our own deadline decides what a timeout is: the SDK's abort error class depends on the realm
    // its AbortSignal came from, so it cannot be trusted to say "timeout" everywhere.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.config.timeoutMs);
    let res;
    try {
      res = await this.client.chat.completions.create(params, { signal: controller.signal, timeout: this.config.timeoutMs + 1000, maxRetries: 0 });
    } catch (err) {
      if (timedOut) throw new AiError('AI_TIMEOUT', `the AI endpoint did not answer within ${this.config.timeoutMs} ms`, { cause: err });
      throw err;
    } finally {
      clearTimeout(timer);
    }
    const choice = res.choices?.[0];
    const tokensIn = res.usage?.prompt_tokens ?? 0;
    const tokensOut = res.usage?.completion_tokens ?? 0;
    const refusal = choice?.message?.refusal;
    if (refusal) {
      throw new AiError('AI_INVALID_OUTPUT', 'the model refused to answer', { problems: [`you refused: ${refusal.slice(0, 200)}`], tokensIn, tokensOut });
    }
    const content = choice?.message?.content ?? null;
    if (content === null || content.trim() === '') {
      throw new AiError('AI_EMPTY_OUTPUT', 'the model returned no content', { tokensIn, tokensOut });
    }
    return { content, tokensIn, tokensOut, model: res.model || req.model, finishReason: choice?.finish_reason ?? undefined };
  }
}

/** The images go with the last user message as `image_url` parts (the OpenAI vision format). */
function withImages(messages: AiCompletionRequest['messages'], images: readonly string[] | undefined): ChatCompletionMessageParam[] {
  const last = messages.map((m) => m.role).lastIndexOf('user');
  if (!images?.length || last < 0) return messages;
  return messages.map((m, i) =>
    i === last
      ? { role: 'user', content: [{ type: 'text', text: m.content }, ...images.map((url) => ({ type: 'image_url' as const, image_url: { url } }))] }
      : m,
  );
}
