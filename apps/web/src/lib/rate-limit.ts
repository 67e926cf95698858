import { useEffect, useState, useSyncExternalStore } from 'react';

/**
 * The one rate-limit notice of the app: any 429 anywhere sets it, with the wait from `Retry-After`;
 * it counts down and disappears when the wait is over.
 */
type Listener = () => void;
let until: number | null = null;
const listeners = new Set<Listener>();

export const rateLimitNotice = {
  show(retryAfterSeconds: number | null, now = Date.now()): void {
    until = now + Math.max(1, retryAfterSeconds ?? 30) * 1000;
    for (const l of listeners) l();
  },
  clear(): void {
    until = null;
    for (const l of listeners) l();
  },
  subscribe(l: Listener): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  snapshot: (): number | null => until,
};

/** Seconds left to wait, or null when no limit is in force. */
export function useRateLimitWait(): number | null {
  const deadline = useSyncExternalStore(rateLimitNotice.subscribe, rateLimitNotice.snapshot, rateLimitNotice.snapshot);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (deadline === null) return;
    setNow(Date.now());
    const t = setInterval(() => {
      const n = Date.now();
      setNow(n);
      if (n >= deadline) rateLimitNotice.clear();
    }, 1000);
    return () => clearInterval(t);
  }, [deadline]);
  if (deadline === null) return null;
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}
