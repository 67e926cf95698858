import { type OutboundPolicy, outboundUrlProblem } from '../../net/outbound-guard';

/**
 * Why a subscriber URL may not be called, or null when it may: an http(s) URL without
 * credentials that (unless CHANNEL_ALLOW_PRIVATE_URLS) resolves to public addresses only — a
 * brand member must not make the server call its own network (SSRF, ADR 100). Checked when the
 * subscription is made and before each delivery; the delivery's connection is pinned to the
 * checked address besides.
 */
export function webhookUrlProblem(raw: string, policy: OutboundPolicy): Promise<string | null> {
  return outboundUrlProblem(raw, 'url', policy);
}
