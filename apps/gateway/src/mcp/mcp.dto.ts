import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../dtos/pagination.dto';
import { MCP_TOOLS } from './mcp-tools';

export const MCP_TOOL_NAMES: readonly string[] = MCP_TOOLS.map((t) => t.name);

/** POST /mcp/tool-calls: a tool call that the CLI's stdio server made for this token (ADR 138). */
export class RecordToolCallDto {
  @ApiProperty({ enum: MCP_TOOL_NAMES })
  @IsIn(MCP_TOOL_NAMES as string[])
  tool!: string;

  @ApiProperty({ enum: ['ok', 'error'] })
  @IsIn(['ok', 'error'])
  outcome!: 'ok' | 'error';

  @ApiPropertyOptional({ description: "The API's problem code when the call failed" })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Z][A-Z0-9_]*$/)
  code?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The brand the call acted on (one of yours)' })
  @IsOptional()
  @IsUUID()
  brandId?: string;

  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  durationMs!: number;
}

export class ToolCallQuery extends PageQueryDto {}

export class ToolCallDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'Who: the user the token belongs to' }) user!: { id: string; email: string };
  @ApiProperty({ nullable: true, description: 'Which personal access token (null for a session)' }) token!: {
    id: string;
    name: string | null;
    prefix: string | null;
  } | null;
  @ApiProperty({ enum: MCP_TOOL_NAMES }) tool!: string;
  @ApiProperty({ enum: ['http', 'stdio'], description: 'http: the gateway’s /mcp; stdio: `marketing-team mcp`' }) transport!: string;
  @ApiProperty({ enum: ['ok', 'error'] }) outcome!: string;
  @ApiProperty({ nullable: true, type: String, description: "The API's problem code of a failed call" }) code!: string | null;
  @ApiProperty() durationMs!: number;
}

export class ToolCallPageDto {
  @ApiProperty({ type: [ToolCallDto] }) items!: ToolCallDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
