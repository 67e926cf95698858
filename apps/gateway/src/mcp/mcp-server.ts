import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { ApiClient, ApiProblem } from './api-client';
import { MCP_TOOLS, type ToolContext, type ToolDefinition } from './mcp-tools';

/** One tool call, as the audit log keeps it (ADR 138). */
export interface ToolCallRecord {
  tool: string;
  outcome: 'ok' | 'error';
  /** The API's problem code when the call failed. */
  code: string | null;
  brandId: string | null;
  durationMs: number;
}

export interface McpServerOptions {
  api: ApiClient;
  /** Where each tool call is recorded; a failure to record is reported to `onAuditError`, never to the caller. */
  audit: (record: ToolCallRecord) => Promise<void>;
  onAuditError?: (err: unknown) => void;
  version: string;
}

const URI = {
  voice: 'marketing-team://brands/{brandId}/voice',
  strategy: 'marketing-team://brands/{brandId}/strategy',
  calendar: 'marketing-team://campaigns/{campaignId}/calendar',
} as const;

/**
 * An MCP server with every tool and resource, bound to one caller's API client. The gateway
 * builds one per /mcp request (stateless streamable HTTP); the CLI builds one for its stdio session.
 */
export function buildMcpServer(opts: McpServerOptions): McpServer {
  const server = new McpServer(
    { name: 'marketing-team', title: 'Marketing Team', version: opts.version },
    {
      capabilities: { tools: {}, resources: {} },
      instructions:
        'Marketing Team: brands, campaigns and their calendars, posts, analytics and the inbox. Start with list_brands. AI work (plan_campaign, generate_post, draft_inbox_reply) runs as jobs: send a progressToken to be told progress and get the result, or poll get_job.',
    },
  );
  for (const def of MCP_TOOLS) registerTool(server, def as unknown as ToolDefinition, opts);
  registerResources(server, opts.api);
  return server;
}

function registerTool(server: McpServer, def: ToolDefinition, opts: McpServerOptions): void {
  server.registerTool(
    def.name,
    {
      title: def.title,
      description: def.description,
      inputSchema: def.input,
      annotations: { title: def.title, readOnlyHint: def.readOnly, destructiveHint: false, openWorldHint: false },
    },
    async (args: Record<string, unknown>, extra): Promise<CallToolResult> => {
      const started = Date.now();
      const progressToken = extra._meta?.progressToken;
      const ctx: ToolContext = { api: opts.api, signal: extra.signal };
      if (progressToken !== undefined) {
        ctx.progress = (progress, total, message) =>
          extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress, total, message } });
      }
      const record = (r: Omit<ToolCallRecord, 'tool' | 'durationMs'>) =>
        opts.audit({ tool: def.name, durationMs: Date.now() - started, ...r }).catch((err) => opts.onAuditError?.(err));
      const argBrand = typeof args.brandId === 'string' ? args.brandId : null;
      try {
        const answer = await def.run(ctx, args as never);
        await record({ outcome: 'ok', code: null, brandId: answer.brandId ?? argBrand });
        return { content: [{ type: 'text', text: answer.summary }], structuredContent: answer.data };
      } catch (err) {
        const problem = err instanceof ApiProblem ? err : new ApiProblem(500, 'INTERNAL', err instanceof Error ? err.message : 'The tool failed', {});
        let brandId = argBrand;
        if (!brandId && def.brandOf && problem.code !== 'NOT_FOUND' && problem.status !== 401) {
          brandId = await def.brandOf(opts.api, args as never).catch(() => null);
        }
        await record({ outcome: 'error', code: problem.code, brandId });
        return {
          isError: true,
          content: [{ type: 'text', text: `${problem.code}: ${problem.detail}` }],
          structuredContent: {
            code: problem.code,
            status: problem.status,
            detail: problem.detail,
            ...(problem.problem.errors ? { errors: problem.problem.errors } : {}),
          },
        };
      }
    },
  );
}

function registerResources(server: McpServer, api: ApiClient): void {
  const json = (uri: URL, data: unknown): ReadResourceResult => ({
    contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(data, null, 2) }],
  });
  const brands = async () => (await api.get<{ items: { id: string; name: string }[] }>('/brands', { limit: 100 })).items;
  const one = (v: string | string[]) => encodeURIComponent(Array.isArray(v) ? v[0] : v);

  server.registerResource(
    'brand-voice',
    new ResourceTemplate(URI.voice, {
      list: async () => ({
        resources: (await brands()).map((b) => ({ uri: URI.voice.replace('{brandId}', b.id), name: `${b.name} — voice`, mimeType: 'application/json' })),
      }),
    }),
    { title: 'A brand’s voice profile', mimeType: 'application/json' },
    async (uri, { brandId }) => json(uri, await api.get(`/brands/${one(brandId)}/voice`)),
  );
  server.registerResource(
    'brand-strategy',
    new ResourceTemplate(URI.strategy, {
      list: async () => ({
        resources: (await brands()).map((b) => ({ uri: URI.strategy.replace('{brandId}', b.id), name: `${b.name} — strategy`, mimeType: 'application/json' })),
      }),
    }),
    { title: 'A brand’s strategy', mimeType: 'application/json' },
    async (uri, { brandId }) => json(uri, await api.get(`/brands/${one(brandId)}/strategy`)),
  );
  server.registerResource(
    'campaign-calendar',
    new ResourceTemplate(URI.calendar, {
      list: async () => {
        const resources = [];
        for (const b of await brands()) {
          const campaigns = await api.get<{ items: { id: string; name: string }[] }>('/campaigns', { brandId: b.id, limit: 100 });
          for (const c of campaigns.items) {
            resources.push({ uri: URI.calendar.replace('{campaignId}', c.id), name: `${b.name} — ${c.name} calendar`, mimeType: 'application/json' });
          }
        }
        return { resources };
      },
    }),
    { title: 'A campaign’s content calendar', mimeType: 'application/json' },
    async (uri, { campaignId }) => json(uri, await api.get(`/campaigns/${one(campaignId)}/calendar`)),
  );
}

export { ApiClient, ApiProblem };
