import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress, resolveHost } from '../../platform/net/public-address.ts';

/**
 * Fetching a document from the internet for verification, when (and only when) a person allowed it.
 * Rules: https only; the host name is resolved first and every address must be public (no loopback,
 * private, link-local, carrier-grade NAT, multicast or reserved ranges); the connection goes to the
 * address that was checked (no second lookup that DNS rebinding could answer differently); the answer
 * is limited in size and time; redirects are followed only to URLs that pass the same rules.
 * `trustedOrigins` (this instance's own BASE_URL) may be reached over http and on loopback.
 */
export interface SafeFetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Origins (e.g. "http://localhost:3000") exempt from the https and public-address rules. */
  trustedOrigins?: string[];
  accept?: string;
}

export class FetchRefusedError extends Error {
  override name = 'FetchRefusedError';
  constructor(
    readonly url: string,
    message: string,
  ) {
    super(message);
  }
}

/** Whether an IP address is one the verifier must never connect to on a stranger's behalf. */
export const isBlockedAddress = isPrivateAddress;

async function checkedAddress(url: URL, trusted: boolean): Promise<{ address: string; family: number }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolveHost(host);
  if (addresses.length === 0) throw new FetchRefusedError(url.href, `${url.hostname} does not resolve`);
  if (!trusted) {
    const bad = addresses.find((a) => isBlockedAddress(a.address));
    if (bad)
      throw new FetchRefusedError(
        url.href,
        `Refusing to fetch ${url.href}: ${url.hostname} resolves to ${bad.address}, a private, loopback or reserved address`,
      );
  }
  return addresses[0];
}

/**
 * Why a URL would be refused before anything is fetched: not https, or a host that is (or resolves
 * to) a blocked address. Null when it may be fetched (a host that does not resolve fails later).
 */
export async function refusalOf(input: string): Promise<'notHttps' | 'private' | null> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return 'notHttps';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'notHttps';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host }] : await resolveHost(host).catch(() => []);
  if (addresses.some((a) => isBlockedAddress(a.address))) return 'private';
  return url.protocol === 'https:' ? null : 'notHttps';
}

/** Fetches a URL under the rules above and returns its body as text. */
export async function safeFetchText(
  input: string,
  options: SafeFetchOptions = {},
): Promise<{ url: string; body: string; contentType: string }> {
  const result = await safeFetch(input, options);
  return { ...result, body: result.body.toString('utf8') };
}

/** Fetches a URL under the rules above and returns its body as bytes. */
export async function safeFetch(
  input: string,
  options: SafeFetchOptions = {},
): Promise<{ url: string; body: Buffer; contentType: string }> {
  const {
    timeoutMs = 8000,
    maxBytes = 2 * 1024 * 1024,
    maxRedirects = 3,
    trustedOrigins = [],
    accept = 'application/ld+json, application/json;q=0.9, */*;q=0.1',
  } = options;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new FetchRefusedError(input, `"${input}" is not a URL`);
  }
  const deadline = Date.now() + timeoutMs;
  for (let hop = 0; hop <= maxRedirects; hop++) {
    const trusted = trustedOrigins.includes(url.origin);
    if (!trusted && url.protocol !== 'https:')
      throw new FetchRefusedError(url.href, `Refusing to fetch ${url.href}: only https URLs are fetched`);
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new FetchRefusedError(url.href, `Refusing to fetch ${url.href}: unsupported scheme`);
    const pinned = await checkedAddress(url, trusted);
    const result = await new Promise<{ status: number; location?: string; body: Buffer; contentType: string }>((resolve, reject) => {
      const pinnedLookup: LookupFunction = (_host, opts, callback) => {
        if ((opts as { all?: boolean }).all)
          (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
        else callback(null, pinned.address, pinned.family);
      };
      const requestOptions: RequestOptions = {
        method: 'GET',
        headers: { accept, 'user-agent': 'Vaardig verifier' },
        lookup: pinnedLookup,
        timeout: Math.max(1, deadline - Date.now()),
      };
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(url, requestOptions, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          resolve({ status, location: res.headers.location, body: Buffer.alloc(0), contentType: '' });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy(new FetchRefusedError(url.href, `${url.href} sent more than ${maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status, body: Buffer.concat(chunks), contentType: String(res.headers['content-type'] ?? '') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new FetchRefusedError(url.href, `${url.href} did not answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end();
    });
    if (result.location) {
      url = new URL(result.location, url);
      continue;
    }
    if (result.status < 200 || result.status >= 300) throw new FetchRefusedError(url.href, `${url.href} answered HTTP ${result.status}`);
    return { url: url.href, body: result.body, contentType: result.contentType };
  }
  throw new FetchRefusedError(input, `${input} redirected more than ${maxRedirects} times`);
}
