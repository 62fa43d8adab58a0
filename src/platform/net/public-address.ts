import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Which IP addresses are on the public internet. Every fetch Vaardig makes on someone's behalf
 * (verifying a credential by URL, importing a badge by link, crawling vacancies) connects only to a
 * public address, so that a URL cannot make the server reach its own network: loopback, private,
 * link-local, carrier-grade NAT, documentation, multicast and reserved ranges are refused.
 */

// Two lists: one BlockList with an IPv4-mapped IPv6 rule would match every IPv4 address.
const blocked = new BlockList();
const blocked6 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96], // IPv4-mapped: checked again as IPv4 below
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  blocked6.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address is not on the public internet (or is no IP address at all). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return blocked.check(mapped[1], 'ipv4');
    return blocked6.check(address, 'ipv6');
  }
  return true;
}

/** How a host name becomes addresses: every address it has, as the resolver answers them. */
export type HostResolver = (host: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: HostResolver = (host) => lookup(host, { all: true, verbatim: true });
let resolver: HostResolver = systemResolver;

/**
 * The addresses of a host name, through the one resolver every outbound fetch uses (verifier,
 * backpack import, crawler, OAuth clients' URLs), so the public-address rule is checked on what
 * that resolver says and the connection goes to an address it was checked on.
 */
export function resolveHost(host: string): Promise<{ address: string; family: number }[]> {
  return resolver(host);
}

/**
 * Puts another resolver in place of the system's (DNS and /etc/hosts) and answers a function that
 * puts the system's back. Tests use it to make names resolve to loopback and private addresses
 * without a DNS server; a deployment never needs it.
 */
export function useHostResolver(next: HostResolver): () => void {
  resolver = next;
  return () => {
    resolver = systemResolver;
  };
}

/** Why a URL may not be fetched on someone's behalf, or null: not http(s), a host that does not resolve, or one at a non-public address. */
export async function publicUrlRefusal(input: string | URL): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return `"${String(input)}" is not a URL`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${url.protocol} URLs are not fetched`;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string }[];
  try {
    addresses = isIP(host) ? [{ address: host }] : await resolveHost(host);
  } catch {
    return `${host} does not resolve`;
  }
  if (addresses.length === 0) return `${host} does not resolve`;
  const bad = addresses.find((a) => isPrivateAddress(a.address));
  return bad ? `${host} resolves to ${bad.address}, a private, loopback or reserved address` : null;
}

/** A fetch on someone's behalf that was refused: the URL (or a redirect's target) is not public. */
export class PublicFetchRefused extends Error {
  override name = 'PublicFetchRefused';
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`Refusing to fetch ${url}: ${reason}`);
  }
}

/**
 * `fetch` for URLs someone else names (an OAuth client's jwks_uri or sector_identifier_uri): each
 * URL, and each redirect's target, is checked with publicUrlRefusal before anything is sent to it;
 * redirects are followed by hand (at most `maxRedirects`), never by fetch itself. The name is
 * resolved again when fetch connects: a caller that can, also checks the address it connected to
 * (oidc-provider's dispatcher drops a connection to a special-use address).
 */
export async function fetchPublic(input: string | URL | Request, init: RequestInit = {}, maxRedirects = 3): Promise<Response> {
  let href = input instanceof Request ? input.url : String(input);
  for (let hop = 0; hop <= maxRedirects; hop++) {
    const refusal = await publicUrlRefusal(href);
    if (refusal) throw new PublicFetchRefused(href, refusal);
    const response = await globalThis.fetch(href, { ...init, redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return response;
    await response.body?.cancel();
    href = new URL(location, href).href;
  }
  throw new PublicFetchRefused(href, `more than ${maxRedirects} redirects`);
}
