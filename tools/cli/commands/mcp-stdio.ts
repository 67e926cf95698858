import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { ApiClient } from '../../../apps/gateway/src/mcp/api-client';
import { MCP_SERVER_VERSION } from '../../../apps/gateway/src/mcp/mcp-version';
import { buildMcpServer } from '../../../apps/gateway/src/mcp/mcp-server';

/**
 * `marketing-team mcp`: the same tools as the gateway's /mcp, over stdio for desktop assistants,
 * each call an API request with the stored token; each call is recorded in the brand owners'
 * audit log through POST /mcp/tool-calls (ADR 138). Nothing but JSON-RPC goes to stdout.
 */
export async function serveStdio(api: ApiClient): Promise<void> {
  const server = buildMcpServer({
    api,
    version: MCP_SERVER_VERSION,
    audit: async (r) => {
      await api.post('/mcp/tool-calls', {
        tool: r.tool,
        outcome: r.outcome,
        durationMs: r.durationMs,
        ...(r.code ? { code: r.code } : {}),
        ...(r.brandId ? { brandId: r.brandId } : {}),
      });
    },
    onAuditError: (err) => process.stderr.write(`marketing-team mcp: a tool call was not recorded: ${err instanceof Error ? err.message : String(err)}\n`),
  });
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
    process.stdin.on('end', () => resolve());
  });
  await server.connect(new StdioServerTransport());
  await closed;
}
