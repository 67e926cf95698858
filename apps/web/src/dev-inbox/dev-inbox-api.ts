import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/api-context';
import type { DevMail } from '../api/types';

/** The dev inbox (mails kept on this machine when no SMTP_URL is set); a 404 means there is none here. */
export function useDevInbox() {
  const api = useApi();
  return useQuery({ queryKey: ['dev-inbox'], queryFn: ({ signal }) => api.get<{ items: DevMail[] }>('/dev/inbox?limit=50', { signal }), retry: false });
}
