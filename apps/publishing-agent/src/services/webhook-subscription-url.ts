import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const PRIVATE_NETWORKS = (() => {
  const b = new BlockList();
  for (const [net, prefix] of [
    ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
    ['172.16.0.0', 12], ['192.168.0.0', 16], ['224.0.0.0', 4],
  ] as const) b.addSubnet(net, prefix, 'ipv4');
  for (const [net, prefix] of [['::1', 128], ['fc00::', 7], ['fe80::', 10], ['::', 128]] as const) b.addSubnet(net, prefix, 'ipv6');
  return b;
})();

/**
 * Why a subscriber URL may not be called, or null when it may: an http(s) URL without
 * credentials that (unless private addresses are allowed, as in development) resolves to public
 * addresses only — a brand member must not make the server call its own network (SSRF).
 * Checked when the subscription is made and again before each delivery (DNS can change).
 */
export async function webhookUrlProblem(raw: string, allowPrivate: boolean): Promise<string | null> {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'url must be an http(s) URL';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'url must be an http(s) URL';
  if (u.username || u.password) return 'url must not carry credentials';
  if (allowPrivate) return null;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true }).catch(() => []);
  if (addresses.length === 0) return `url: ${host} does not resolve`;
  if (addresses.some((a) => PRIVATE_NETWORKS.check(a.address, a.family === 6 ? 'ipv6' : 'ipv4'))) return 'url points at a private network address';
  return null;
}
