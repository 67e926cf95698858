/** Navigation entries; `arrives` marks pages whose API is still being built. */
export interface NavEntry {
  to: string;
  label: string;
  arrives?: string;
  description?: string;
}

export const NAV: NavEntry[] = [
  { to: '/', label: 'Dashboard' },
  { to: '/brands', label: 'Brands' },
  {
    to: '/campaigns',
    label: 'Campaigns & calendar',
    arrives: 'the campaign planner',
    description: 'Create campaigns, let the strategy agent plan them, and see every entry on a month or week calendar.',
  },
  {
    to: '/content',
    label: 'Content',
    arrives: 'the creation agent',
    description: 'Compare generated variants side by side with their scores, edit with version history, approve and schedule.',
  },
  {
    to: '/channels',
    label: 'Channels',
    arrives: 'the publishing agent',
    description: 'Connect social accounts and webhooks, see their status and reconnect when a token expires.',
  },
  {
    to: '/analytics',
    label: 'Analytics',
    arrives: 'the analytics routes',
    description: 'Impressions, engagements and clicks per platform and day, per-post numbers and insights with their evidence.',
  },
  {
    to: '/inbox',
    label: 'Inbox',
    arrives: 'the inbox routes',
    description: 'Comments and messages with their intent and sentiment, and AI reply drafts to edit and send.',
  },
  {
    to: '/ai-usage',
    label: 'AI usage',
    arrives: 'the AI usage routes',
    description: 'Calls, tokens and cost by model, agent and day, and the brand’s monthly budget.',
  },
];
