import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';

export interface ToolCallRow {
  id: string;
  user_id: string;
  user_email: string;
  token_id: string | null;
  token_name: string | null;
  token_prefix: string | null;
  brand_id: string | null;
  tool: string;
  transport: string;
  outcome: string;
  code: string | null;
  duration_ms: number;
  created_at: Date;
}

export interface NewToolCall {
  userId: string;
  userEmail: string;
  tokenId: string | null;
  brandId: string | null;
  tool: string;
  transport: 'http' | 'stdio';
  outcome: 'ok' | 'error';
  code: string | null;
  durationMs: number;
}

/** The audit log of MCP tool calls (ADR 138): the gateway's own table. */
@Injectable()
export class McpToolCallRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async insert(c: NewToolCall): Promise<void> {
    await this.uow.manager().query(
      `INSERT INTO "gateway".mcp_tool_call (user_id, user_email, token_id, brand_id, tool, transport, outcome, code, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [c.userId, c.userEmail, c.tokenId, c.brandId, c.tool, c.transport, c.outcome, c.code, Math.max(0, Math.round(c.durationMs))],
    );
  }

  /** A brand's calls, newest first; `after` is the last row of the previous page. */
  async listForBrand(brandId: string, limit: number, after: { at: string; id: string } | null): Promise<ToolCallRow[]> {
    return this.uow.manager().query(
      `SELECT c.id, c.user_id, c.user_email, c.token_id, t.name AS token_name, t.prefix AS token_prefix, c.brand_id, c.tool,
              c.transport, c.outcome, c.code, c.duration_ms, c.created_at
         FROM "gateway".mcp_tool_call c
         LEFT JOIN "gateway".personal_access_token t ON t.id = c.token_id
        WHERE c.brand_id = $1 AND ($2::timestamptz IS NULL OR (c.created_at, c.id) < ($2::timestamptz, $3::uuid))
        ORDER BY c.created_at DESC, c.id DESC
        LIMIT $4`,
      [brandId, after?.at ?? null, after?.id ?? null, limit],
    );
  }
}
