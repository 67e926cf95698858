import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log of MCP tool calls (ADR 138): who, with which token, which tool, when, with what
 * outcome — read by a brand's owners. Rows are kept with the user's email as it was at the call.
 */
export class McpToolCalls1766100000138 implements MigrationInterface {
  name = 'McpToolCalls1766100000138';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "gateway".mcp_tool_call (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        user_email text NOT NULL,
        token_id uuid,
        brand_id uuid,
        tool text NOT NULL,
        transport text NOT NULL,
        outcome text NOT NULL,
        code text,
        duration_ms integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX mcp_tool_call_brand_id_idx ON "gateway".mcp_tool_call (brand_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX mcp_tool_call_user_id_idx ON "gateway".mcp_tool_call (user_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "gateway".mcp_tool_call`);
  }
}
