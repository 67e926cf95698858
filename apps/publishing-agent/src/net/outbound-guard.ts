import { lookup as dnsLookup } from 'node:dns/promises';
import { STATUS_CODES } from 'node:http';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector } from 'undici';

/** Answers a host name's addresses, as `dns.lookup(host, { all: true })` does. */
export type Resolve = (host: string) => Promise<{ address: string; family: number }[]>;

/**
 * What every outbound call to a user-given or platform host obeys (ADR 100): unless
 * `allowPrivate` (CHANNEL_ALLOW_PRIVATE_URLS, off by default in every mode), only public unicast
 * addresses are connected to. `resolve` is the system resolver; tests hand in their own.
 */
export interface OutboundPolicy {
  allowPrivate: boolean;
  resolve?: Resolve;
}

/** The connection was refused before it was opened: the address is not public. */
export class PrivateAddressRefused extends Error {
  readonly code = 'ERR_PRIVATE_ADDRESS';
  constructor(
    readonly host: string,
    readonly range: string,
  ) {
    super(`${host} is a ${range} address; outbound calls go to public addresses only (CHANNEL_ALLOW_PRIVATE_URLS)`);
    this.name = 'PrivateAddressRefused';
  }
}

const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

const systemResolve: Resolve = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * The range of an address that outbound calls may not reach, or null for a public unicast one.
 * ipaddr.js names every special-purpose block (loopback, private, linkLocal, uniqueLocal,
 * carrierGradeNat, reserved — benchmarking and 240/4 among them —, broadcast, multicast,
 * unspecified, rfc6052 NAT64, 6to4, teredo, deprecatedSiteLocal, ipv4Mapped, …): anything but
 * `unicast` is refused, so an IPv6 form of a private IPv4 address is refused with it.
 */
export function blockedRange(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return 'unparsable';
  const parsed = ipaddr.parse(bare);
  const range = parsed.range();
  if (range !== 'unicast') return range;
  // ::a.b.c.d (IPv4-compatible, deprecated by RFC 4291) is not named by ipaddr.js: the whole ::/96 is refused.
  if (parsed.kind() === 'ipv6' && parsed.match(IPV4_COMPATIBLE)) return 'ipv4Compatible';
  return null;
}

/**
 * Why a user-given URL may not be called, or null when it may: http(s), no credentials, and
 * (unless private targets are allowed) every address its host resolves to is public. Checked when
 * the URL is given; the connection itself is checked again by `guardedAgent`, on the address it
 * connects to.
 */
export async function outboundUrlProblem(raw: string, name: string, policy: OutboundPolicy): Promise<string | null> {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return `${name} must be an http(s) URL`;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `${name} must be an http(s) URL`;
  if (u.username || u.password) return `${name} must not carry credentials`;
  if (policy.allowPrivate) return null;
  // WHATWG parsing has already turned 0x7f000001, 2130706433 and 127.1 into 127.0.0.1.
  const host = u.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string }[];
  try {
    addresses = isIP(host) ? [{ address: host }] : await (policy.resolve ?? systemResolve)(host);
  } catch {
    addresses = [];
  }
  if (addresses.length === 0) return `${name}: ${host} does not resolve`;
  if (addresses.some((a) => blockedRange(a.address) !== null)) return `${name} points at a private network address`;
  return null;
}

/**
 * A `net.connect` lookup that resolves, refuses unless every answer is public, and hands the
 * checked addresses to the socket: what is checked is what is connected to (no DNS rebinding
 * between a check and the request).
 */
function pinnedLookup(policy: OutboundPolicy): LookupFunction {
  const resolve = policy.resolve ?? systemResolve;
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' }));
        if (!policy.allowPrivate) {
          for (const a of addresses) {
            const range = blockedRange(a.address);
            if (range) return callback(new PrivateAddressRefused(hostname, range));
          }
        }
        if (options?.all) return callback(null, addresses);
        return callback(null, addresses[0].address, addresses[0].family);
      },
      (err: unknown) => callback(err),
    );
  }) as LookupFunction;
}

/**
 * An undici pool whose every connection obeys the policy: an address literal is classified before
 * connecting, a name is resolved by the pinned lookup. Used for all platform calls and webhook
 * deliveries, so a URL checked when it was given is checked again at each send.
 */
export function guardedAgent(policy: OutboundPolicy, options: Agent.Options = {}): Agent {
  const connector = buildConnector({ lookup: pinnedLookup(policy) } as buildConnector.BuildOptions);
  return new Agent({
    ...options,
    connect: (opts, callback) => {
      const host = opts.hostname.replace(/^\[|\]$/g, '');
      if (!policy.allowPrivate && isIP(host)) {
        const range = blockedRange(host);
        if (range) return callback(new PrivateAddressRefused(host, range), null);
      }
      return connector(opts, callback);
    },
  });
}

/** Whether an error (or its cause) is a refusal of a private address. */
export function isPrivateAddressRefusal(err: unknown): err is PrivateAddressRefused {
  for (let e = err as { code?: string; cause?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) {
    if (e.code === 'ERR_PRIVATE_ADDRESS') return true;
  }
  return false;
}

/** A receiver's answer summarised: its status and the fixed reason phrase, never its body (ADR 100). */
export function statusSummary(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? 'Unknown status'}`;
}

const DEFAULT_RESOLVER_AGENTS = new Map<boolean, Agent>();
const agentsByResolver = new WeakMap<Resolve, Map<boolean, Agent>>();

/** One shared pool per policy (pooling is what keeps publishing fast, docs/benchmarks.md). */
export function agentFor(policy: OutboundPolicy): Agent {
  let agents = DEFAULT_RESOLVER_AGENTS;
  if (policy.resolve) {
    agents = agentsByResolver.get(policy.resolve) ?? new Map();
    agentsByResolver.set(policy.resolve, agents);
  }
  let agent = agents.get(policy.allowPrivate);
  if (!agent) {
    agent = guardedAgent(policy, { keepAliveTimeout: 10_000, connections: 128 });
    agents.set(policy.allowPrivate, agent);
  }
  return agent;
}
