import { type IncomingHttpHeaders, request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress, resolveHost } from '../../platform/net/public-address.ts';

/**
 * One HTTP GET of the crawler, no more: redirects are answered, not followed (the crawler follows
 * them, checking each hop's host and robots.txt), the body is streamed and cut off past `maxBytes`,
 * the whole exchange ends at `timeoutMs`, and the connection goes only to a public address that was
 * checked before connecting (pinned, so DNS cannot answer differently the second time) unless the
 * host is on the operator's allow-list. No JavaScript is run: only the bytes are read.
 */
export interface FetchOptions {
  maxBytes: number;
  timeoutMs: number;
  userAgent: string;
  /** Hosts exempt from the public-address rule (config `VAARDIG_CRAWL_ALLOW_HOSTS`). */
  allowPrivateHosts: readonly string[];
  /** Conditional request validators from the last fetch. */
  etag?: string | null;
  lastModified?: string | null;
  accept?: string;
}

export type FetchFailure = 'tooLarge' | 'timeout' | 'private' | 'dns' | 'network';

export type FetchOutcome =
  | { kind: 'response'; status: number; headers: IncomingHttpHeaders; body: Buffer }
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'notModified' }
  | { kind: 'failed'; reason: FetchFailure; detail: string };

export { isPrivateAddress };

/** The host name of a URL as the allow-list names it: lower case, no brackets, no port. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

async function resolveAddress(url: URL, allow: readonly string[]): Promise<{ address: string; family: number } | FetchOutcome> {
  const host = bareHost(url);
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await resolveHost(host);
    } catch (error) {
      return { kind: 'failed', reason: 'dns', detail: (error as Error).message };
    }
  }
  if (addresses.length === 0) return { kind: 'failed', reason: 'dns', detail: `${host} does not resolve` };
  if (!allow.includes(host)) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) return { kind: 'failed', reason: 'private', detail: bad.address };
  }
  return addresses[0];
}

export async function fetchOnce(url: URL, options: FetchOptions): Promise<FetchOutcome> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'failed', reason: 'network', detail: 'scheme' };
  const pinned = await resolveAddress(url, options.allowPrivateHosts);
  if ('kind' in pinned) return pinned;
  return new Promise<FetchOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: FetchOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const pinnedLookup: LookupFunction = (_host, opts, callback) => {
      if ((opts as { all?: boolean }).all)
        (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
      else callback(null, pinned.address, pinned.family);
    };
    const headers: Record<string, string> = {
      'user-agent': options.userAgent,
      accept: options.accept ?? 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5',
      'accept-encoding': 'identity',
    };
    if (options.etag) headers['if-none-match'] = options.etag;
    if (options.lastModified) headers['if-modified-since'] = options.lastModified;
    const requestOptions: RequestOptions = { method: 'GET', headers, lookup: pinnedLookup, agent: false };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, requestOptions, (res) => {
      const status = res.statusCode ?? 0;
      if (status === 304) {
        res.resume();
        return finish({ kind: 'notModified' });
      }
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        return finish({ kind: 'redirect', status, location: res.headers.location });
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        req.destroy();
        return finish({ kind: 'failed', reason: 'tooLarge', detail: String(declared) });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          req.destroy();
          finish({ kind: 'failed', reason: 'tooLarge', detail: String(size) });
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => finish({ kind: 'response', status, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (error) => finish({ kind: 'failed', reason: 'network', detail: error.message }));
      res.on('aborted', () => finish({ kind: 'failed', reason: 'network', detail: 'aborted' }));
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish({ kind: 'failed', reason: 'timeout', detail: String(options.timeoutMs) });
    }, options.timeoutMs);
    req.on('error', (error) => finish({ kind: 'failed', reason: 'network', detail: error.message }));
    req.end();
  });
}
