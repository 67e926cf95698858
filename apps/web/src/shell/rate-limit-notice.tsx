import { Alert } from '@mantine/core';
import { useRateLimitWait } from '../lib/rate-limit';

/** Shown while a 429's Retry-After runs; it counts down to zero and goes away. */
export function RateLimitNotice() {
  const wait = useRateLimitWait();
  if (wait === null) return null;
  return (
    <Alert color="orange" title="Too many requests" role="status" aria-live="polite" mb="md">
      You are going faster than the limits allow. Try again in {wait} {wait === 1 ? 'second' : 'seconds'}.
    </Alert>
  );
}
