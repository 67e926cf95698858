/** The version the MCP server reports in its initialize answer (both transports). */
export const MCP_SERVER_VERSION = '1.0.0';
