// Every credential of a bulk issue, read through the API and verified with the verification
// service (src/credentials/verification): the issuer's DID document and status lists come from the
// running server's public URLs, as `vaardig verify` reads them while a server holds the database.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serverResolver } from '../../src/credentials/verification/local.ts';
import { isOwnUrl } from '../../src/credentials/verification/local.ts';
import type { Api } from './client.ts';
import { ROOT } from './server.ts';

export interface ListedCredential {
  id: string;
  recipientEmail: string | null;
  state: string;
  credential: Record<string, unknown> | string;
}

/** All credentials of one achievement, 500 a page (the API's largest). */
export async function listCredentials(api: Api, slug: string, achievementId: string): Promise<ListedCredential[]> {
  const all: ListedCredential[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await api.call<{ items: ListedCredential[]; total: number }>(
      'GET',
      `/organisations/${slug}/credentials?achievementId=${achievementId}&limit=500&offset=${offset}`,
      undefined,
      120_000,
    );
    all.push(...page.items);
    if (page.items.length < 500 || all.length >= page.total) return all;
  }
}

export interface VerifyOutcome {
  unverified: { id: string; failed: string[] }[];
  ms: number;
  fastLane: number;
}

/**
 * Verifies each credential. The server's documents are read once per URL (they do not change once
 * the job is done), so the run measures the verifier, not 2 × N requests to the server.
 */
export async function verifyAll(origin: string, credentials: ListedCredential[]): Promise<VerifyOutcome> {
  const { verifyCredential } = await import('../../src/credentials/verification/verify.ts');
  const fetchDocument = serverResolver(origin);
  const documents = new Map<string, Promise<unknown>>();
  const resolveLocal = Object.assign(
    (url: string) => {
      const key = url.split('#')[0];
      let document = documents.get(key);
      if (!document) {
        document = Promise.resolve(fetchDocument(key));
        documents.set(key, document);
      }
      return document;
    },
    { owns: (url: string) => isOwnUrl(origin, url) },
  );
  const shared = join(ROOT, '..', 'shared', 'data');
  const dataDir = process.env.VAARDIG_DATA_DIR ?? (existsSync(join(shared, 'ob3')) ? shared : undefined);
  const unverified: VerifyOutcome['unverified'] = [];
  let fastLane = 0;
  const started = performance.now();
  for (const item of credentials) {
    const verdict = await verifyCredential(typeof item.credential === 'string' ? item.credential : JSON.stringify(item.credential), {
      dataDir,
      documentLoaderOptions: { resolveLocal, trustedOrigins: [new URL(origin).origin] },
    });
    if (resolveLocal.owns(String((verdict.credential?.issuer as { id?: string } | undefined)?.id ?? ''))) fastLane++;
    if (!verdict.valid)
      unverified.push({ id: item.id, failed: verdict.checks.filter((c) => c.status === 'failed').map((c) => `${c.check}: ${c.message}`) });
  }
  return { unverified, ms: performance.now() - started, fastLane };
}
