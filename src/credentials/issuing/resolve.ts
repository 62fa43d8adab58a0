import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { cachedDocument } from './document-cache.ts';
import { didDocument, slugForDid } from './issuer.ts';
import { personStatusList } from './people.ts';
import { statusListCredential } from './status.ts';

/**
 * The `resolveLocal` hook of the document loader: this instance's did:web documents (by DID or by
 * the https/http URL did:web maps to) and its status list credentials (organisations' and people's,
 * people.ts), read from the database, so
 * verifying a credential Vaardig issued never needs the network. Returns undefined for anything else.
 * The documents are held briefly and forgotten on every change (document-cache.ts).
 */
export function localResolver(ctx: AppContext): (url: string) => Promise<Record<string, unknown> | undefined> {
  const base = new URL(ctx.config.baseUrl);
  const pathPrefix = base.pathname.replace(/\/$/, '');
  return async (url: string) => {
    try {
      if (url.startsWith('did:web:')) {
        const slug = slugForDid(ctx.config.baseUrl, url);
        return slug ? await cachedDocument(ctx, `did:${slug}`, () => didDocument(ctx, slug)) : undefined;
      }
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return undefined;
      }
      // did:web always means https; a BASE_URL on http (development, tests) is the same instance.
      if (parsed.host !== base.host || !['https:', base.protocol].includes(parsed.protocol)) return undefined;
      const path = parsed.pathname.slice(pathPrefix.length);
      const did = /^\/orgs\/([a-z0-9-]+)\/did\.json$/.exec(path);
      if (did) return await cachedDocument(ctx, `did:${did[1]}`, () => didDocument(ctx, did[1]));
      const status = /^\/orgs\/([a-z0-9-]+)\/status\/(revocation|suspension|message)$/.exec(path);
      if (status)
        return await cachedDocument(
          ctx,
          `status:${status[1]}/${status[2]}`,
          async () => (await statusListCredential(ctx, status[1], status[2])) ?? undefined,
        );
      const person = /^\/people\/([0-9a-f-]{36})\/status\/revocation$/.exec(path);
      if (person)
        return await cachedDocument(ctx, `status:people/${person[1]}`, async () => (await personStatusList(ctx, person[1])) ?? undefined);
      return undefined;
    } catch (error) {
      if (error instanceof AppError && error.status < 500) return undefined;
      throw error;
    }
  };
}
