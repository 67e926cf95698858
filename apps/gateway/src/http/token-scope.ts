import { pathOf, type Request } from './fastify-request';
import type { CurrentUserInfo } from './current-user';
import { ProblemError } from './problem';

export type Scope = 'read' | 'write' | 'publish' | 'ai';

/**
 * Account routes a personal access token never reaches (ADR 117): tokens themselves, sessions,
 * invitations, notifications and the dev inbox belong to the person, in the app. `GET /auth/me`
 * stays open so a client can tell whose token it holds.
 */
const SESSION_ONLY = /^\/api\/v1\/(tokens|auth|invitations|notifications|dev)(\/|$)/;

/** The scope a route needs from a personal access token. */
export function scopeFor(method: string, flags: { ai: boolean; publish: boolean }): Scope {
  if (flags.ai) return 'ai';
  if (flags.publish) return 'publish';
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
}

/** Throws 403 when the token may not call this route; returns the scope it used. */
export function checkTokenScope(
  req: Pick<Request, 'method' | 'url'>,
  token: NonNullable<CurrentUserInfo['token']>,
  flags: { ai: boolean; publish: boolean },
): Scope {
  const path = pathOf(req);
  if (SESSION_ONLY.test(path) && !(req.method === 'GET' && path === '/api/v1/auth/me')) {
    throw new ProblemError('FORBIDDEN', 'Personal access tokens cannot use account routes (tokens, sessions, invitations, notifications): sign in to the app.');
  }
  if (token.brandIds && req.method === 'POST' && path === '/api/v1/brands') {
    throw new ProblemError('FORBIDDEN', 'A token restricted to some brands cannot create brands.');
  }
  // Recording the token's own MCP tool call (the CLI's stdio server, ADR 138) goes with any call, a read's included.
  if (req.method === 'POST' && path === '/api/v1/mcp/tool-calls') return token.scopes[0];
  const needed = scopeFor(req.method, flags);
  if (!token.scopes.includes(needed)) {
    throw new ProblemError('FORBIDDEN', `This personal access token lacks the "${needed}" scope this route needs (it has: ${token.scopes.join(', ')}).`);
  }
  return needed;
}
