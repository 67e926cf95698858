import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from './fastify-request';

/**
 * Whether a request is the operator's (ADR 103): it carries `Authorization: Bearer <METRICS_TOKEN>`.
 * Without a configured token nobody is: metrics and health details are then not served on the API
 * port at all. Compared in constant time.
 */
export function isInternalCaller(req: Request, token: string | undefined): boolean {
  if (!token) return false;
  const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}
