import { ApiProperty } from '@nestjs/swagger';
import { recordToolCallShape, toolCallShape } from '@mt/messages';
import { PageQueryDto } from '../dtos/pagination.dto';
import { zodDto } from '../http/zod-dto';
import { MCP_TOOLS } from './mcp-tools';

export const MCP_TOOL_NAMES = nonEmpty(MCP_TOOLS.map((t) => t.name));

function nonEmpty(names: string[]): readonly [string, ...string[]] {
  const [first, ...rest] = names;
  if (first === undefined) throw new Error('the MCP server has no tools');
  return [first, ...rest];
}

/** POST /mcp/tool-calls: a tool call that the CLI's stdio server made for this token (ADR 138); the shape is in libs/messages (ADR 200). */
export class RecordToolCallDto extends zodDto(recordToolCallShape(MCP_TOOL_NAMES)) {}

export class ToolCallQuery extends PageQueryDto {}

export class ToolCallDto extends zodDto(toolCallShape(MCP_TOOL_NAMES)) {}

export class ToolCallPageDto {
  @ApiProperty({ type: [ToolCallDto] }) items!: ToolCallDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
