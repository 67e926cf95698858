import { Body, Controller, Delete, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Request, Response } from '../http/fastify-request';
import { RUNTIME, type Runtime } from '@mt/runtime';
import { Public } from '../http/current-user';
import { ProblemError } from '../http/problem';
import { AccessTokenVerifier } from '../services/access-token.verifier';
import { ApiClient } from './api-client';
import { buildMcpServer } from './mcp-server';
import { McpToolCallRepository } from './mcp-tool-call.repository';
import { MCP_SERVER_VERSION } from './mcp-version';

/**
 * The Model Context Protocol over streamable HTTP (ADR 138), stateless: each POST gets its own
 * server and transport, bound to the caller. The route is outside the global guard (@Public)
 * because it authenticates itself — a personal access token, checked on every request, so a
 * revoked token is refused at once — and spends no rate budget of its own: each tool call is an
 * API request to this gateway with the caller's Authorization header, which the guard checks and
 * counts like any other.
 */
@ApiTags('mcp')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No personal access token, or a revoked, expired or unknown one' })
@Controller('mcp')
export class McpController {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly calls: McpToolCallRepository,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  @Post()
  @Public()
  @ApiOperation({ summary: 'MCP (streamable HTTP, JSON-RPC): Authorization: Bearer mt_pat_… — tools and resources in docs/mcp.md' })
  @ApiOkResponse({ description: 'A JSON-RPC answer, as JSON or an event stream (with progress notifications)' })
  async post(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    await this.handle(req, res, body);
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'MCP: 405 — the server is stateless, there is no stream of server messages to open' })
  async get(@Req() req: Request): Promise<void> {
    await this.refuseStream(req);
  }

  @Delete()
  @Public()
  @ApiOperation({ summary: 'MCP: 405 — the server is stateless, there is no session to end' })
  async remove(@Req() req: Request): Promise<void> {
    await this.refuseStream(req);
  }

  /**
   * Stateless: there is no session to stream server-initiated messages on or to end, so GET and
   * DELETE answer 405 (which the protocol allows, and clients expect) once the caller is known.
   */
  private async refuseStream(req: Request): Promise<void> {
    await this.authenticate(req);
    throw new ProblemError('METHOD_NOT_ALLOWED', 'This MCP server is stateless: send each JSON-RPC message with POST.', { headers: { Allow: 'POST' } });
  }

  private async authenticate(req: Request) {
    const user = await this.verifier.fromAuthorization(req.headers.authorization);
    if (!user.token) {
      throw new ProblemError('UNAUTHENTICATED', 'MCP takes a personal access token (Authorization: Bearer mt_pat_…), made on the API access page.', {
        headers: { 'WWW-Authenticate': 'Bearer realm="mcp", error="invalid_token"' },
      });
    }
    return { user, token: user.token };
  }

  private async handle(req: Request, res: Response, body: unknown): Promise<void> {
    const { user, token } = await this.authenticate(req);
    const api = new ApiClient({
      baseUrl: selfUrl(req),
      authorization: req.headers.authorization as string,
      headers: { 'user-agent': 'marketing-team-mcp', ...(typeof req.headers.traceparent === 'string' ? { traceparent: req.headers.traceparent } : {}) },
    });
    const log = this.runtime.logger.child('mcp');
    const server = buildMcpServer({
      api,
      version: MCP_SERVER_VERSION,
      audit: (r) =>
        this.calls.insert({
          userId: user.id,
          userEmail: user.email,
          tokenId: token.id,
          brandId: r.brandId,
          tool: r.tool,
          transport: 'http',
          outcome: r.outcome,
          code: r.code,
          durationMs: r.durationMs,
        }),
      onAuditError: (err) => log.error('mcp tool call not recorded', { err: err instanceof Error ? err.message : String(err) }),
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    // The SDK's transport writes the Node.js response itself: Fastify lets go of it (ADR 165).
    res.hijack();
    res.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req.raw, res.raw, body);
  }
}

/** This gateway as its own client: the address and port the request arrived on. */
function selfUrl(req: Request): string {
  const addr = req.socket.localAddress ?? '127.0.0.1';
  const host = addr.includes(':') ? (addr.startsWith('::ffff:') ? addr.slice(7) : `[${addr}]`) : addr;
  return `http://${host}:${req.socket.localPort}`;
}
