import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Content } from '../api/types';
import { BRAND, fakeFetch, json, problem, sessionRoutes } from '../test/fake-api';
import { CONTENT } from '../test/fixtures';
import { renderApp } from '../test/render';

const LINE = { calls: 0, cachedHits: 0, refused: 0, tokensIn: 0, tokensOut: 0, costUsd: 0 };
const usage = (byModel: { provider: string; model: string }[]) => ({
  brandId: BRAND.id,
  from: '2026-12-01T00:00:00.000Z',
  to: '2026-12-02T00:00:00.000Z',
  totals: { ...LINE, calls: byModel.length },
  byModel: byModel.map((m) => ({ ...LINE, ...m, calls: 1 })),
  byAgent: [],
  byDay: [],
});

const BUILT_IN = {
  provider: 'local',
  preset: 'Built-in engine',
  api: 'local',
  builtIn: true,
  engine: 'local-engine',
  baseUrl: null,
  models: { content: 'local-engine-v1', strategy: 'local-engine-v1' },
  apiKeySet: false,
  structuredOutput: 'built-in',
  timeoutMs: 25000,
  maxRetries: 2,
  concurrency: 6,
  notice: 'Produced by the built-in local engine (marketing frameworks, templates and NLP over your brand data), not by a language model.',
};
const ANTHROPIC = {
  ...BUILT_IN,
  provider: 'anthropic',
  preset: 'Anthropic',
  api: 'anthropic',
  builtIn: false,
  engine: 'llm',
  baseUrl: 'https://api.anthropic.com',
  models: { content: 'claude-haiku-4-5', strategy: 'claude-sonnet-4-5' },
  apiKeySet: true,
  structuredOutput: 'tool_call',
  notice: undefined,
};

function usageRoutes(provider: () => Response, byModel: { provider: string; model: string }[], extra: Parameters<typeof fakeFetch>[0] = {}) {
  return fakeFetch({
    ...sessionRoutes(),
    'GET /ai/usage': () => json(200, usage(byModel)),
    'GET /ai/logs': () => json(200, { items: [], nextCursor: null }),
    [`GET /brands/${BRAND.id}/ai-budget`]: () => json(200, { brandId: BRAND.id, monthlyLimitUsd: null, spentUsd: 0, monthStart: '2026-12-01T00:00:00.000Z' }),
    'GET /ai/provider': provider,
    ...extra,
  });
}

describe('AI provider: the built-in engine notice and the owner panel', () => {
  it('tells the owner the built-in engine writes, with one line per preset and the docs, and tests at once', async () => {
    const api = usageRoutes(() => json(200, BUILT_IN), [{ provider: 'local', model: 'local-engine-v1' }], {
      'POST /ai/provider/test': () => json(200, { ok: true, provider: 'local', model: 'local-engine-v1', latencyMs: 0, engine: 'local-engine' }),
    });
    renderApp({ path: '/ai-usage', fetch: api.fetch, signedIn: true });
    const notice = await screen.findByLabelText('About the built-in engine');
    expect(within(notice).getByText('Written by the built-in engine')).toBeInTheDocument();
    expect(within(notice).getByText(/not a language model/)).toBeInTheDocument();
    const presets = within(notice).getByRole('list', { name: 'Ways to connect a model' });
    expect(
      within(presets)
        .getAllByRole('listitem')
        .map((li) => li.textContent?.split(':')[0]),
    ).toEqual(['OpenAI', 'Azure OpenAI', 'Anthropic', 'Google Gemini', 'OpenRouter', 'Ollama', 'vLLM', 'llama.cpp server']);
    expect(within(presets).getByText('AI_PROVIDER=anthropic AI_API_KEY=sk-ant-…')).toBeInTheDocument();
    expect(within(notice).getByRole('link', { name: 'docs/ai.md' })).toHaveAttribute('href', '/docs/ai.md');

    const panel = screen.getByLabelText('AI provider');
    expect(within(panel).getByText('Built-in engine (no language model)')).toBeInTheDocument();
    expect(within(panel).queryByText('API key')).not.toBeInTheDocument();
    await userEvent.setup().click(within(panel).getByRole('button', { name: 'Test connection' }));
    expect(await within(panel).findByRole('status')).toHaveTextContent('local-engine-v1 answered in 0 ms.');
    expect(api.calls.filter((c) => c.method === 'POST' && c.path === '/ai/provider/test')).toHaveLength(1);
  });

  it("shows the owner the active model provider with no notice, and the provider's error when a test fails", async () => {
    let attempt = 0;
    const api = usageRoutes(() => json(200, ANTHROPIC), [{ provider: 'anthropic', model: 'claude-haiku-4-5' }], {
      'POST /ai/provider/test': () =>
        ++attempt === 1
          ? problem(502, 'AI_PROVIDER_ERROR', {
              detail: 'Anthropic API answered 401 authentication_error: invalid x-api-key',
              providerCode: 'AI_AUTH_FAILED',
              latencyMs: 38,
            })
          : json(200, { ok: true, provider: 'anthropic', model: 'claude-haiku-4-5-20251001', latencyMs: 412, engine: 'llm' }),
    });
    renderApp({ path: '/ai-usage', fetch: api.fetch, signedIn: true });
    const panel = await screen.findByLabelText('AI provider');
    const table = within(panel).getByRole('table', { name: 'Active AI provider' });
    expect(within(table).getByText('Anthropic')).toBeInTheDocument();
    expect(within(table).getByText('claude-haiku-4-5')).toBeInTheDocument();
    expect(within(table).getByText('claude-sonnet-4-5')).toBeInTheDocument();
    expect(within(table).getByText('https://api.anthropic.com')).toBeInTheDocument();
    expect(within(table).getByText('set')).toBeInTheDocument();
    expect(within(table).getByText('forced tool call')).toBeInTheDocument();
    expect(screen.queryByLabelText('About the built-in engine')).not.toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(within(panel).getByRole('button', { name: 'Test connection' }));
    const failed = await within(panel).findByRole('alert');
    expect(failed).toHaveTextContent('The provider answered with an error (AI_AUTH_FAILED) after 38 ms');
    expect(failed).toHaveTextContent('401 authentication_error: invalid x-api-key');
    // The page stays: a failed test is an answer, not a broken page.
    expect(screen.getByRole('heading', { name: /AI usage/ })).toBeInTheDocument();

    await user.click(within(panel).getByRole('button', { name: 'Test connection' }));
    expect(await within(panel).findByRole('status')).toHaveTextContent('claude-haiku-4-5-20251001 answered in 412 ms.');
    expect(within(panel).queryByRole('alert')).not.toBeInTheDocument();
  });

  it("shows other users the notice from the page's own data, and no provider panel", async () => {
    const api = usageRoutes(
      () => problem(403, 'FORBIDDEN', { detail: 'Only the instance owner may see or test the AI provider.' }),
      [{ provider: 'local', model: 'local-engine-v1' }],
    );
    renderApp({ path: '/ai-usage', fetch: api.fetch, signedIn: true });
    expect(await screen.findByLabelText('About the built-in engine')).toBeInTheDocument();
    await waitFor(() => expect(api.calls.some((c) => c.path === '/ai/provider')).toBe(true));
    expect(screen.queryByLabelText('AI provider')).not.toBeInTheDocument();
    expect(screen.queryByText('Only the instance owner may see or test the AI provider.')).not.toBeInTheDocument();
  });

  it('puts the notice on the content list while its posts come from the built-in engine, and not otherwise', async () => {
    const forbidden = () => problem(403, 'FORBIDDEN');
    const list = (items: Content[]) =>
      fakeFetch({ ...sessionRoutes(), 'GET /content': () => json(200, { items, nextCursor: null }), 'GET /ai/provider': forbidden });
    const local = renderApp({ path: '/content', fetch: list([CONTENT]).fetch, signedIn: true });
    expect(await screen.findByLabelText('About the built-in engine')).toBeInTheDocument();
    local.unmount();

    const byModel = { ...CONTENT, aiMeta: { provider: 'anthropic', model: 'claude-haiku-4-5', engine: 'llm', jobId: null } } as Content;
    renderApp({ path: '/content', fetch: list([byModel]).fetch, signedIn: true });
    expect(await screen.findByText(CONTENT.topic as string)).toBeInTheDocument();
    expect(screen.queryByLabelText('About the built-in engine')).not.toBeInTheDocument();
  });

  it('puts the notice on a post written by the built-in engine', async () => {
    const api = fakeFetch({
      ...sessionRoutes(),
      [`GET /content/${CONTENT.id}`]: () => json(200, CONTENT),
      [`GET /content/${CONTENT.id}/versions`]: () => json(200, { items: [] }),
      'GET /connections': () => json(200, { items: [] }),
      'GET /ai/provider': () => problem(403, 'FORBIDDEN'),
    });
    renderApp({ path: `/content/${CONTENT.id}`, fetch: api.fetch, signedIn: true });
    const notice = await screen.findByLabelText('About the built-in engine');
    expect(within(notice).getAllByRole('listitem')).toHaveLength(8);
  });
});

describe('AI budget', () => {
  it('checks the limit with the API’s SetAiBudgetShape: over 1,000,000 gets its message and no request', async () => {
    const api = usageRoutes(() => json(200, BUILT_IN), []);
    renderApp({ path: '/ai-usage', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const form = within(await screen.findByRole('form', { name: 'AI budget' }));
    // Sent with Enter from the field: no blur, so the field does not clamp what was typed.
    await user.type(form.getByLabelText('Limit (USD a month)'), '2000000{Enter}');
    expect(await form.findByText('must be an amount from 0 to 1000000 with at most 2 decimal places')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'PUT')).toBe(false);
  });
});
