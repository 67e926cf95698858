/** Where the settings of each preset are explained; the build ships docs/ai.md beside the app. */
export const AI_DOCS_URL = '/docs/ai.md';

/** How to connect a model: one line per preset, the settings to put in the server's .env (docs/ai.md). */
export const AI_PRESETS: readonly { name: string; settings: string }[] = [
  { name: 'OpenAI', settings: 'AI_PROVIDER=openai AI_API_KEY=sk-…' },
  { name: 'Azure OpenAI', settings: 'AI_PROVIDER=azure AI_BASE_URL=https://<resource>.openai.azure.com AI_API_KEY=… AI_MODEL_CONTENT=<deployment>' },
  { name: 'Anthropic', settings: 'AI_PROVIDER=anthropic AI_API_KEY=sk-ant-…' },
  { name: 'Google Gemini', settings: 'AI_PROVIDER=gemini AI_API_KEY=…' },
  { name: 'OpenRouter', settings: 'AI_PROVIDER=openrouter AI_API_KEY=sk-or-… AI_MODEL_CONTENT=<vendor/model>' },
  { name: 'Ollama', settings: 'AI_PROVIDER=ollama AI_MODEL_CONTENT=llama3.1:8b' },
  { name: 'vLLM', settings: 'AI_PROVIDER=vllm AI_BASE_URL=http://<host>:8000/v1 AI_MODEL_CONTENT=<served model>' },
  { name: 'llama.cpp server', settings: 'AI_PROVIDER=llamacpp AI_BASE_URL=http://<host>:8080/v1' },
];
