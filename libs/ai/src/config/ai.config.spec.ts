import { AiConfigError, apiFamilyOf, loadAiConfig } from './ai.config';

describe('loadAiConfig', () => {
  it('defaults to the local engine when no endpoint is configured', () => {
    const c = loadAiConfig({});
    expect(c.provider).toBe('local');
    expect(c.modelContent).toBe('local-engine-v1');
    expect(c.timeoutMs).toBe(25_000);
    expect(c.concurrency).toBe(6);
  });

  it('uses an OpenAI-compatible endpoint when only AI_BASE_URL is set, with self-chosen models priced by "*"', () => {
    const c = loadAiConfig({ AI_BASE_URL: 'http://127.0.0.1:9/v1', AI_PRICES: '{"*":{"inPerMTok":1,"outPerMTok":2}}' });
    expect(c.provider).toBe('openai-compatible');
    expect(c.jsonSchema).toBe(false);
    expect(c.prices['*']).toEqual({ inPerMTok: 1, outPerMTok: 2 });
  });

  it('routes content and strategy tasks to different models and reads the numbers', () => {
    const c = loadAiConfig({
      AI_PROVIDER: 'openai',
      AI_API_KEY: 'k',
      AI_MODEL_CONTENT: 'gpt-4.1-mini',
      AI_MODEL_STRATEGY: 'gpt-4.1',
      AI_TIMEOUT_MS: '5000',
      AI_MAX_RETRIES: '4',
      AI_CONCURRENCY: '3',
    });
    expect([c.modelContent, c.modelStrategy, c.timeoutMs, c.maxRetries, c.concurrency]).toEqual(['gpt-4.1-mini', 'gpt-4.1', 5000, 4, 3]);
    expect(c.baseUrl).toBe('https://api.openai.com/v1');
    expect(c.jsonSchema).toBe(true);
  });

  it('reads the models that accept images, and refuses the list for a provider that cannot send images', () => {
    expect(loadAiConfig({ AI_PROVIDER: 'ollama', AI_IMAGE_MODELS: ' llava , qwen2-vl ,' }).imageModels).toEqual(['llava', 'qwen2-vl']);
    expect(loadAiConfig({}).imageModels).toEqual([]);
    expect(() => loadAiConfig({ AI_IMAGE_MODELS: 'llava' })).toThrow(
      'Invalid AI setting AI_IMAGE_MODELS: is honoured by OpenAI-compatible providers only, not AI_PROVIDER=local',
    );
  });

  it('makes self-hosted models free unless priced', () => {
    const c = loadAiConfig({ AI_PROVIDER: 'ollama', AI_MODEL_CONTENT: 'qwen2.5:7b' });
    expect(c.prices['qwen2.5:7b']).toEqual({ inPerMTok: 0, outPerMTok: 0 });
    expect(c.baseUrl).toBe('http://127.0.0.1:11434/v1');
  });

  it.each([
    [{ AI_PROVIDER: 'bard' }, 'AI_PROVIDER'],
    [{ AI_PROVIDER: 'gemini' }, 'AI_API_KEY'],
    [{ AI_PROVIDER: 'anthropic' }, 'AI_API_KEY'],
    [{ AI_PROVIDER: 'openrouter' }, 'AI_API_KEY'],
    [{ AI_PROVIDER: 'anthropic', AI_API_KEY: 'k', AI_MODEL_STRATEGY: 'claude-unpriced' }, 'AI_PRICES'],
    [{ AI_TIMEOUT_MS: 'soon' }, 'AI_TIMEOUT_MS'],
    [{ AI_TIMEOUT_MS: '10' }, 'AI_TIMEOUT_MS'],
    [{ AI_CONCURRENCY: '0' }, 'AI_CONCURRENCY'],
    [{ AI_BASE_URL: 'not a url' }, 'AI_BASE_URL'],
    [{ AI_PRICES: '{oops' }, 'AI_PRICES'],
    [{ AI_PRICES: '{"m":{"inPerMTok":-1,"outPerMTok":1}}' }, 'AI_PRICES'],
    [{ AI_PROVIDER: 'openai' }, 'AI_API_KEY'],
    [{ AI_PROVIDER: 'openai', AI_API_KEY: 'k', AI_MODEL_CONTENT: 'mystery-model' }, 'AI_PRICES'],
    [{ AI_PROVIDER: 'openai-compatible' }, 'AI_BASE_URL'],
    [{ AI_RETRY_BASE_DELAY_MS: '1000', AI_RETRY_MAX_DELAY_MS: '10' }, 'AI_RETRY_MAX_DELAY_MS'],
  ])('refuses %j, naming %s', (env, setting) => {
    let error: unknown;
    try {
      loadAiConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AiConfigError);
    expect((error as AiConfigError).setting).toBe(setting);
    expect((error as Error).message).toContain(setting);
  });

  it.each([
    ['anthropic', 'https://api.anthropic.com', 'claude-haiku-4-5', 'claude-sonnet-4-5', 'anthropic'],
    ['gemini', 'https://generativelanguage.googleapis.com', 'gemini-2.5-flash', 'gemini-2.5-pro', 'gemini'],
    ['openrouter', 'https://openrouter.ai/api/v1', 'openai/gpt-4o-mini', 'openai/gpt-4o', 'openai-compatible'],
  ])('has a priced preset for %s', (provider, baseUrl, content, strategy, family) => {
    const c = loadAiConfig({ AI_PROVIDER: provider, AI_API_KEY: 'k' });
    expect([c.baseUrl, c.modelContent, c.modelStrategy, apiFamilyOf(c.provider)]).toEqual([baseUrl, content, strategy, family]);
    expect(c.prices[content].inPerMTok).toBeGreaterThan(0);
    expect(c.prices[strategy].outPerMTok).toBeGreaterThan(0);
  });

  it('uses the API version of the provider it configures', () => {
    expect(loadAiConfig({ AI_PROVIDER: 'gemini', AI_API_KEY: 'k' }).apiVersion).toBe('v1beta');
    expect(loadAiConfig({ AI_PROVIDER: 'azure', AI_API_KEY: 'k', AI_BASE_URL: 'https://r.openai.azure.com' }).apiVersion).toBe('2024-10-21');
  });

  it('treats empty strings as unset', () => {
    expect(loadAiConfig({ AI_PROVIDER: '', AI_BASE_URL: '  ' }).provider).toBe('local');
  });
});
