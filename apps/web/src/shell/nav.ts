/** Navigation entries of the side bar. */
export interface NavEntry {
  to: string;
  label: string;
}

/** What a marketer uses every day, in the order of the day's work. */
export const NAV: NavEntry[] = [
  { to: '/', label: 'Dashboard' },
  { to: '/calendar', label: 'Calendar' },
  { to: '/campaigns', label: 'Campaigns' },
  { to: '/content', label: 'Content' },
  { to: '/media', label: 'Media' },
  { to: '/inbox', label: 'Inbox' },
  { to: '/analytics', label: 'Analytics' },
  { to: '/channels', label: 'Channels' },
  { to: '/brands', label: 'Brands' },
];

/** Settings for the people who run the account or integrate with it, apart from the daily menu. */
export const SETTINGS_NAV: { group: string; entries: NavEntry[] }[] = [
  { group: 'Settings', entries: [{ to: '/ai-usage', label: 'AI usage' }] },
  {
    group: 'Developers',
    entries: [
      { to: '/webhooks', label: 'Webhooks' },
      { to: '/developers/api-access', label: 'API access' },
    ],
  },
];
