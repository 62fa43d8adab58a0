import type { AppContext } from '../../platform/context.ts';
import type { IssuedCredential } from './issue.ts';
import type { VerdictView } from './pages/public.tsx';

/** The live verification a credential page shows (the verification part's verifier, offline). */
export async function verifyIssued(_ctx: AppContext, _credential: IssuedCredential): Promise<VerdictView | null> {
  return null;
}
