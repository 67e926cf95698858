/** Navigation entries of the side bar. */
export interface NavEntry {
  to: string;
  label: string;
}

export const NAV: NavEntry[] = [
  { to: '/', label: 'Dashboard' },
  { to: '/brands', label: 'Brands' },
  { to: '/campaigns', label: 'Campaigns & calendar' },
  { to: '/content', label: 'Content' },
  { to: '/channels', label: 'Channels' },
  { to: '/webhooks', label: 'Webhooks' },
  { to: '/analytics', label: 'Analytics' },
  { to: '/inbox', label: 'Inbox' },
  { to: '/ai-usage', label: 'AI usage' },
];
