import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from '../http/fastify-request';
import { MeshClient } from '@mt/messages';
import { requireBrandRole } from '../controllers/brand-voice.controller';
import { DEFAULT_PAGE_LIMIT } from '../dtos/pagination.dto';
import { callerOf } from '../http/caller';
import { uuidParam } from '../http/actor';
import { CurrentUser, type CurrentUserInfo } from '../http/current-user';
import { ProblemError } from '../http/problem';
import { RecordToolCallDto, ToolCallPageDto, ToolCallQuery, type ToolCallDto } from './mcp.dto';
import { McpToolCallRepository, type ToolCallRow } from './mcp-tool-call.repository';

/**
 * The audit log of MCP tool calls (ADR 138): read by a brand's owners; written by the gateway's
 * /mcp itself and, for the CLI's stdio server, through POST /mcp/tool-calls with the same token.
 */
@ApiTags('mcp')
@ApiBearerAuth()
@Controller()
export class McpAuditController {
  constructor(
    private readonly mesh: MeshClient,
    private readonly calls: McpToolCallRepository,
  ) {}

  @Get('brands/:id/audit')
  @ApiOperation({ summary: "The brand's MCP tool calls, newest first (owners): who, which token, which tool, when, outcome" })
  @ApiOkResponse({ type: ToolCallPageDto })
  @ApiForbiddenResponse({ description: 'Only owners read the audit log' })
  @ApiNotFoundResponse({ description: 'No such brand, or you have no role in it' })
  async list(@Req() req: Request, @Param('id', uuidParam()) brandId: string, @Query() q: ToolCallQuery): Promise<ToolCallPageDto> {
    await requireBrandRole(this.mesh, callerOf(req), brandId, 'owner');
    const limit = q.limit ?? DEFAULT_PAGE_LIMIT;
    const rows = await this.calls.listForBrand(brandId, limit + 1, q.cursor ? decodeCursor(q.cursor) : null);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(toView), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  @Post('mcp/tool-calls')
  @HttpCode(204)
  @ApiOperation({ summary: 'Record a tool call of `marketing-team mcp` (stdio) for the calling token; any scope may record its own calls' })
  @ApiNoContentResponse({ description: 'Recorded' })
  @ApiNotFoundResponse({ description: 'No such brand, or you have no role in it' })
  async record(@Req() req: Request, @CurrentUser() user: CurrentUserInfo, @Body() dto: RecordToolCallDto): Promise<void> {
    if (dto.brandId) await requireBrandRole(this.mesh, callerOf(req), dto.brandId, 'viewer');
    await this.calls.insert({
      userId: user.id,
      userEmail: user.email,
      tokenId: user.token?.id ?? null,
      brandId: dto.brandId ?? null,
      tool: dto.tool,
      transport: 'stdio',
      outcome: dto.outcome,
      code: dto.code ?? null,
      durationMs: dto.durationMs,
    });
  }
}

function toView(r: ToolCallRow): ToolCallDto {
  return {
    id: r.id,
    at: new Date(r.created_at).toISOString(),
    user: { id: r.user_id, email: r.user_email },
    token: r.token_id ? { id: r.token_id, name: r.token_name, prefix: r.token_prefix } : null,
    tool: r.tool,
    // Written only through McpToolCallRepository.insert, whose NewToolCall holds them to these values.
    transport: r.transport as ToolCallDto['transport'],
    outcome: r.outcome as ToolCallDto['outcome'],
    code: r.code,
    durationMs: r.duration_ms,
  };
}

function encodeCursor(r: ToolCallRow): string {
  return Buffer.from(`${new Date(r.created_at).toISOString()}|${r.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new ProblemError('VALIDATION_FAILED', 'cursor is not a cursor this API gave out', {
      errors: [{ field: 'cursor', message: 'is not a cursor this API gave out' }],
    });
  }
  return { at, id };
}
