import { z } from 'zod';

/**
 * The only place libs/ai reads settings. Callers pass the environment (process.env at start-up,
 * a literal object in tests); a bad setting throws AiConfigError naming it, so start-up stops.
 */
export type AiProviderKind = 'local' | 'openai' | 'azure' | 'ollama' | 'vllm' | 'llamacpp' | 'openrouter' | 'openai-compatible' | 'anthropic' | 'gemini';

/** How a provider kind is reached: the openai SDK, or a LangChain chat model for a non-OpenAI API. */
export type AiApiFamily = 'local' | 'openai-compatible' | 'anthropic' | 'gemini';

export function apiFamilyOf(provider: AiProviderKind): AiApiFamily {
  switch (provider) {
    case 'local':
      return 'local';
    case 'anthropic':
      return 'anthropic';
    case 'gemini':
      return 'gemini';
    case 'openai':
    case 'azure':
    case 'ollama':
    case 'vllm':
    case 'llamacpp':
    case 'openrouter':
    case 'openai-compatible':
      return 'openai-compatible';
    default: {
      const never: never = provider;
      throw new Error(`unknown AI provider ${String(never)}`);
    }
  }
}

export interface ModelPrice {
  /** USD per 1M input tokens. */
  inPerMTok: number;
  /** USD per 1M output tokens. */
  outPerMTok: number;
}

export interface AiConfig {
  provider: AiProviderKind;
  baseUrl?: string;
  apiKey?: string;
  /** Azure OpenAI: the api-version query parameter; Gemini: the API version in the path (v1beta). */
  apiVersion: string;
  modelContent: string;
  modelStrategy: string;
  timeoutMs: number;
  /** Retries after the first attempt; attempts = maxRetries + 1. */
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  concurrency: number;
  /** Output-token ceiling per call; also the worst case used by the budget check. */
  maxOutputTokens: number;
  /** Whether the endpoint honours response_format json_schema (else json_object plus validation). */
  jsonSchema: boolean;
  prices: Record<string, ModelPrice>;
  /** Keep the full prompt text in ai.ai_log (off by default: prompts hold customer data). */
  logPrompts: boolean;
  /** Models that accept images (AI_IMAGE_MODELS): tasks with an image send it to them (ADR 209). Absent: none. */
  imageModels?: readonly string[];
}

export class AiConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`Invalid AI setting ${setting}: ${message}`);
    this.name = 'AiConfigError';
  }
}

export const LOCAL_MODEL = 'local-engine-v1';

/** List prices in USD per 1M tokens; override or extend with AI_PRICES. "*" is the fallback entry. */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  [LOCAL_MODEL]: { inPerMTok: 0, outPerMTok: 0 },
  'gpt-4o-mini': { inPerMTok: 0.15, outPerMTok: 0.6 },
  'gpt-4o': { inPerMTok: 2.5, outPerMTok: 10 },
  'gpt-4.1': { inPerMTok: 2, outPerMTok: 8 },
  'gpt-4.1-mini': { inPerMTok: 0.4, outPerMTok: 1.6 },
  'gpt-4.1-nano': { inPerMTok: 0.1, outPerMTok: 0.4 },
  'gpt-5': { inPerMTok: 1.25, outPerMTok: 10 },
  'gpt-5-mini': { inPerMTok: 0.25, outPerMTok: 2 },
  'gpt-5-nano': { inPerMTok: 0.05, outPerMTok: 0.4 },
  // Anthropic (list prices, standard context)
  'claude-haiku-4-5': { inPerMTok: 1, outPerMTok: 5 },
  'claude-sonnet-4-5': { inPerMTok: 3, outPerMTok: 15 },
  'claude-sonnet-4-0': { inPerMTok: 3, outPerMTok: 15 },
  'claude-opus-4-1': { inPerMTok: 15, outPerMTok: 75 },
  'claude-3-5-haiku-latest': { inPerMTok: 0.8, outPerMTok: 4 },
  // Google Gemini (paid tier, prompts up to 200k tokens)
  'gemini-2.5-flash': { inPerMTok: 0.3, outPerMTok: 2.5 },
  'gemini-2.5-flash-lite': { inPerMTok: 0.1, outPerMTok: 0.4 },
  'gemini-2.5-pro': { inPerMTok: 1.25, outPerMTok: 10 },
  'gemini-2.0-flash': { inPerMTok: 0.1, outPerMTok: 0.4 },
  // OpenRouter names models vendor/model and passes the vendor's price through
  'openai/gpt-4o-mini': { inPerMTok: 0.15, outPerMTok: 0.6 },
  'openai/gpt-4o': { inPerMTok: 2.5, outPerMTok: 10 },
  'anthropic/claude-haiku-4.5': { inPerMTok: 1, outPerMTok: 5 },
  'anthropic/claude-sonnet-4.5': { inPerMTok: 3, outPerMTok: 15 },
  'google/gemini-2.5-flash': { inPerMTok: 0.3, outPerMTok: 2.5 },
  'google/gemini-2.5-pro': { inPerMTok: 1.25, outPerMTok: 10 },
};

const PROVIDERS = ['local', 'openai', 'azure', 'ollama', 'vllm', 'llamacpp', 'openrouter', 'openai-compatible', 'anthropic', 'gemini'] as const;

/** Paid endpoints: an API key is required to start. */
const NEEDS_KEY: readonly AiProviderKind[] = ['openai', 'azure', 'openrouter', 'anthropic', 'gemini'];

/** Self-hosted runtimes cost nothing per token unless a price is configured. */
const SELF_HOSTED: readonly AiProviderKind[] = ['ollama', 'vllm', 'llamacpp'];

const DEFAULT_MODELS: Record<AiProviderKind, { content: string; strategy: string }> = {
  local: { content: LOCAL_MODEL, strategy: LOCAL_MODEL },
  openai: { content: 'gpt-4o-mini', strategy: 'gpt-4o' },
  azure: { content: 'gpt-4o-mini', strategy: 'gpt-4o' },
  ollama: { content: 'llama3.1:8b', strategy: 'llama3.1:8b' },
  vllm: { content: 'default', strategy: 'default' },
  llamacpp: { content: 'default', strategy: 'default' },
  openrouter: { content: 'openai/gpt-4o-mini', strategy: 'openai/gpt-4o' },
  'openai-compatible': { content: 'default', strategy: 'default' },
  anthropic: { content: 'claude-haiku-4-5', strategy: 'claude-sonnet-4-5' },
  gemini: { content: 'gemini-2.5-flash', strategy: 'gemini-2.5-pro' },
};

const DEFAULT_BASE_URLS: Partial<Record<AiProviderKind, string>> = {
  openai: 'https://api.openai.com/v1',
  ollama: 'http://127.0.0.1:11434/v1',
  vllm: 'http://127.0.0.1:8000/v1',
  llamacpp: 'http://127.0.0.1:8080/v1',
  openrouter: 'https://openrouter.ai/api/v1',
  // The SDKs add the API paths (/v1/messages; /v1beta/models/<model>:generateContent).
  anthropic: 'https://api.anthropic.com',
  gemini: 'https://generativelanguage.googleapis.com',
};

const DEFAULT_API_VERSIONS: Partial<Record<AiProviderKind, string>> = { azure: '2024-10-21', gemini: 'v1beta' };

/**
 * Endpoints known to honour response_format json_schema. (Anthropic and Gemini always get
 * structured output through their own mechanism: a forced tool call, a response schema.)
 */
const JSON_SCHEMA_CAPABLE: readonly AiProviderKind[] = ['openai', 'azure', 'ollama', 'vllm', 'llamacpp'];

const int = (setting: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`)
    .describe(setting);

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const priceSchema = z.record(z.string().min(1), z.object({ inPerMTok: z.number().min(0), outPerMTok: z.number().min(0) }).strict());

const envSchema = z.object({
  AI_PROVIDER: z.enum(PROVIDERS).optional(),
  AI_BASE_URL: z.url().optional(),
  AI_API_KEY: z.string().min(1).optional(),
  AI_API_VERSION: z.string().min(1).optional(),
  AI_MODEL_CONTENT: z.string().min(1).optional(),
  AI_MODEL_STRATEGY: z.string().min(1).optional(),
  AI_TIMEOUT_MS: int('AI_TIMEOUT_MS', 50, 600_000).optional(),
  AI_MAX_RETRIES: int('AI_MAX_RETRIES', 0, 10).optional(),
  AI_RETRY_BASE_DELAY_MS: int('AI_RETRY_BASE_DELAY_MS', 0, 60_000).optional(),
  AI_RETRY_MAX_DELAY_MS: int('AI_RETRY_MAX_DELAY_MS', 0, 300_000).optional(),
  AI_CONCURRENCY: int('AI_CONCURRENCY', 1, 256).optional(),
  AI_MAX_OUTPUT_TOKENS: int('AI_MAX_OUTPUT_TOKENS', 16, 200_000).optional(),
  AI_JSON_SCHEMA: bool.optional(),
  AI_LOG_PROMPTS: bool.optional(),
  AI_PRICES: z.string().optional(),
  AI_IMAGE_MODELS: z.string().optional(),
});

/** Treat empty strings as unset, as shells and compose files produce them. */
function present(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v.trim() !== '') out[key] = v.trim();
  }
  return out;
}

function parsePrices(raw: string | undefined): Record<string, ModelPrice> {
  if (raw === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new AiConfigError('AI_PRICES', 'must be JSON like {"gpt-4o-mini":{"inPerMTok":0.15,"outPerMTok":0.6}}');
  }
  const parsed = priceSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AiConfigError('AI_PRICES', `${issue.path.join('.') || 'value'}: ${issue.message}`);
  }
  return parsed.data;
}

export function loadAiConfig(env: Record<string, string | undefined>): AiConfig {
  const parsed = envSchema.safeParse(present(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AiConfigError(String(issue.path[0]), issue.message);
  }
  const e = parsed.data;
  const provider: AiProviderKind = e.AI_PROVIDER ?? (e.AI_BASE_URL ? 'openai-compatible' : 'local');
  const baseUrl = e.AI_BASE_URL ?? DEFAULT_BASE_URLS[provider];
  if (provider !== 'local' && !baseUrl) {
    throw new AiConfigError('AI_BASE_URL', `is required for AI_PROVIDER=${provider}`);
  }
  if (NEEDS_KEY.includes(provider) && !e.AI_API_KEY) {
    throw new AiConfigError('AI_API_KEY', `is required for AI_PROVIDER=${provider}`);
  }
  const models = DEFAULT_MODELS[provider];
  const modelContent = provider === 'local' ? LOCAL_MODEL : (e.AI_MODEL_CONTENT ?? models.content);
  const modelStrategy = provider === 'local' ? LOCAL_MODEL : (e.AI_MODEL_STRATEGY ?? models.strategy);
  const prices: Record<string, ModelPrice> = { ...DEFAULT_PRICES, ...parsePrices(e.AI_PRICES) };
  if (SELF_HOSTED.includes(provider)) {
    for (const m of [modelContent, modelStrategy]) prices[m] ??= { inPerMTok: 0, outPerMTok: 0 };
  }
  // A paid endpoint with an unpriced model would make every budget meaningless: refuse to start.
  if (provider !== 'local' && !SELF_HOSTED.includes(provider) && !prices['*']) {
    for (const [setting, m] of [
      ['AI_MODEL_CONTENT', modelContent],
      ['AI_MODEL_STRATEGY', modelStrategy],
    ] as const) {
      if (!prices[m]) throw new AiConfigError('AI_PRICES', `has no price for ${setting}=${m}; add it (or a "*" entry)`);
    }
  }
  // Only the OpenAI-compatible adapter sends images: a list for another provider would be silently ignored.
  if (e.AI_IMAGE_MODELS && (provider === 'local' || provider === 'anthropic' || provider === 'gemini')) {
    throw new AiConfigError('AI_IMAGE_MODELS', `is honoured by OpenAI-compatible providers only, not AI_PROVIDER=${provider}`);
  }
  const retryBaseDelayMs = e.AI_RETRY_BASE_DELAY_MS ?? 500;
  const retryMaxDelayMs = e.AI_RETRY_MAX_DELAY_MS ?? 20_000;
  if (retryMaxDelayMs < retryBaseDelayMs) {
    throw new AiConfigError('AI_RETRY_MAX_DELAY_MS', 'must not be below AI_RETRY_BASE_DELAY_MS');
  }
  return {
    provider,
    baseUrl,
    apiKey: e.AI_API_KEY,
    apiVersion: e.AI_API_VERSION ?? DEFAULT_API_VERSIONS[provider] ?? '',
    modelContent,
    modelStrategy,
    timeoutMs: e.AI_TIMEOUT_MS ?? 25_000,
    maxRetries: e.AI_MAX_RETRIES ?? 2,
    retryBaseDelayMs,
    retryMaxDelayMs,
    concurrency: e.AI_CONCURRENCY ?? 6,
    maxOutputTokens: e.AI_MAX_OUTPUT_TOKENS ?? 4096,
    jsonSchema: e.AI_JSON_SCHEMA ?? JSON_SCHEMA_CAPABLE.includes(provider),
    prices,
    logPrompts: e.AI_LOG_PROMPTS ?? false,
    imageModels: (e.AI_IMAGE_MODELS ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m !== ''),
  };
}
