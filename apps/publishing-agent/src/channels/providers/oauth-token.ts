import type { HttpAnswer } from './channel-provider.base';
import { ProviderError } from './channel-provider';

/** An OAuth 2.0 token response (RFC 6749 §5.1). */
export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  scope?: string;
}

export function readToken(a: HttpAnswer, label: string): TokenResponse {
  const t = a.json as Partial<TokenResponse> | null;
  if (!t || typeof t.access_token !== 'string')
    throw new ProviderError('transient', 'BAD_TOKEN_RESPONSE', `${label} answered a token response without access_token`);
  return t as TokenResponse;
}

export const expiryOf = (t: TokenResponse): Date | null => (typeof t.expires_in === 'number' ? new Date(Date.now() + t.expires_in * 1000) : null);

/**
 * A token endpoint's refusal (RFC 6749 §5.2): invalid_grant (and X's invalid_request for a spent
 * or revoked refresh token) or a 401 mean the grant is gone; 429 and 5xx are transient.
 */
export function tokenError(a: HttpAnswer, label: string, retryAfterMs?: number): ProviderError {
  // Pinterest answers its own `{code, message}` instead of RFC 6749's error: its message is quoted.
  const j = (a.json ?? {}) as { error?: string; error_description?: string; message?: string };
  const message = `${label} token endpoint answered ${a.status}: ${j.error ?? j.message ?? ''}${j.error_description ? ` (${j.error_description})` : ''}`.trim();
  if (a.status === 429) return new ProviderError('transient', 'RATE_LIMITED', message, { status: a.status, retryAfterMs });
  if (a.status >= 500 || a.status === 408) return new ProviderError('transient', 'PLATFORM_UNAVAILABLE', message, { status: a.status, retryAfterMs });
  if (a.status === 401 || j.error === 'invalid_grant' || j.error === 'invalid_request')
    return new ProviderError('revoked', 'INVALID_GRANT', message, { status: a.status });
  return new ProviderError('permanent', j.error ? j.error.toUpperCase() : `TOKEN_${a.status}`, message, { status: a.status });
}

/** Text compared the way platforms store it: URLs dropped (X shortens them), whitespace collapsed. */
export function sameText(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .replace(/https?:\/\/\S+/g, '')
      .replace(/\s+/g, ' ')
      .trim()
      .normalize('NFC');
  return norm(a) === norm(b);
}
