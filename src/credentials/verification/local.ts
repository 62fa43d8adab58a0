import type { AppContext } from '../../platform/context.ts';
import { safeFetchText } from '../contexts/fetch.ts';
import { didWebUrl } from '../contexts/did-web.ts';
import type { LocalResolver } from '../contexts/loader.ts';
import { localResolver } from '../issuing/resolve.ts';

export type Resolver = LocalResolver & ((url: string) => Promise<unknown>);

/** Whether a URL or did:web names this instance (the host of BASE_URL). */
export function isOwnUrl(baseUrl: string, url: string): boolean {
  const base = new URL(baseUrl);
  let target = url;
  if (url.startsWith('did:web:')) {
    try {
      target = didWebUrl(url);
    } catch {
      return false;
    }
  }
  try {
    return new URL(target).host === base.host;
  } catch {
    return false;
  }
}

/** This instance's did:web documents and status lists, from the database (the issuing part answers). */
export function databaseResolver(ctx: AppContext): Resolver {
  const resolve = localResolver(ctx);
  const resolver: Resolver = (url) => resolve(url.split('#')[0]);
  resolver.owns = (url) => isOwnUrl(ctx.config.baseUrl, url);
  return resolver;
}

/**
 * The same documents through the running server's public URLs on BASE_URL, for a process that
 * cannot open the database (the CLI while the server holds the embedded database). BASE_URL is the
 * only origin allowed on loopback and over http here.
 */
export function serverResolver(baseUrl: string): Resolver {
  const base = new URL(baseUrl);
  return async (url) => {
    if (!isOwnUrl(baseUrl, url)) return undefined;
    const target = new URL(url.startsWith('did:web:') ? didWebUrl(url.split('#')[0]) : url.split('#')[0]);
    target.protocol = base.protocol;
    const fetched = await safeFetchText(target.href, { trustedOrigins: [base.origin], timeoutMs: 5000 });
    return JSON.parse(fetched.body);
  };
}
