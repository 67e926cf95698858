import { z } from 'zod';
import { instant, oneOf, uuidField } from './fields';

/**
 * The shapes of the MCP tool calls' audit log (ADR 138, ADR 200). The tools themselves are the
 * gateway's (each is built from the API's own DTOs), so their names are passed in:
 * `recordToolCallShape(MCP_TOOL_NAMES)`.
 */

export const TOOL_CALL_OUTCOMES = ['ok', 'error'] as const;

/** POST /mcp/tool-calls: a tool call that the CLI's stdio server made for the calling token. Unknown fields are refused. */
export const recordToolCallShape = <const T extends readonly [string, ...string[]]>(tools: T) =>
  z.strictObject({
    tool: oneOf(tools),
    outcome: oneOf(TOOL_CALL_OUTCOMES),
    // null is left out, as it always was.
    code: z
      .string({ error: 'must be a string' })
      .max(64, 'must be at most 64 characters')
      .regex(/^[A-Z][A-Z0-9_]*$/, 'must be a problem code such as VALIDATION_FAILED')
      .nullish()
      .meta({ description: "The API's problem code when the call failed" }),
    brandId: uuidField().nullish().meta({ description: 'The brand the call acted on (one of yours)' }),
    durationMs: z
      .number({ error: 'must be a whole number from 0 to 86400000' })
      .int('must be a whole number from 0 to 86400000')
      .min(0, 'must be a whole number from 0 to 86400000')
      .max(86_400_000, 'must be a whole number from 0 to 86400000'),
  });

/** A tool call as the brand's owners read it in the audit log. */
export const toolCallShape = <const T extends readonly [string, ...string[]]>(tools: T) =>
  z.object({
    id: z.uuid(),
    at: instant(),
    user: z.object({ id: z.uuid(), email: z.string() }).meta({ description: 'Who: the user the token belongs to' }),
    token: z
      .object({ id: z.uuid(), name: z.string().nullable(), prefix: z.string().nullable() })
      .nullable()
      .meta({ description: 'Which personal access token (null for a session)' }),
    tool: z.enum(tools),
    transport: z.enum(['http', 'stdio']).meta({ description: 'http: the gateway’s /mcp; stdio: `marketing-team mcp`' }),
    outcome: z.enum(TOOL_CALL_OUTCOMES),
    code: z.string().nullable().meta({ description: "The API's problem code of a failed call" }),
    durationMs: z.number().int().min(0),
  });
