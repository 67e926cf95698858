import { Module } from '@nestjs/common';
import { AuthHttpModule } from '../modules/auth.module';
import { McpAuditController } from './mcp-audit.controller';
import { McpController } from './mcp.controller';
import { McpToolCallRepository } from './mcp-tool-call.repository';

/** The MCP server at /mcp and the audit log of its tool calls (ADR 138). */
@Module({
  imports: [AuthHttpModule],
  controllers: [McpController, McpAuditController],
  providers: [McpToolCallRepository],
})
export class McpHttpModule {}
