/** The agent's name on the mesh and in the AI ledger. */
export const BRAND_AGENT_NAME = 'brand-agent';
