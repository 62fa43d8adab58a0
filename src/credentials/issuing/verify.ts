import type { AppContext } from '../../platform/context.ts';
import { databaseResolver } from '../verification/local.ts';
import type { IssuedCredential } from './issue.ts';
import type { VerdictView } from './pages/public.tsx';

/** The live verification a credential page shows: the verification part's verifier, offline (own did:web and status lists from the database). */
export async function verifyIssued(ctx: AppContext, credential: IssuedCredential): Promise<VerdictView | null> {
  try {
    const { verifyCredential } = await import('../verification/verify.ts');
    const verdict = await verifyCredential(credential.jwt ?? credential.document, {
      documentLoaderOptions: { resolveLocal: databaseResolver(ctx) },
      dataDir: ctx.config.dataDir,
    });
    return { valid: verdict.valid, checks: verdict.checks };
  } catch (error) {
    ctx.log.warn({ err: error, credential: credential.id }, 'credential page: verification failed to run');
    return null;
  }
}
