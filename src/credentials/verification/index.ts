import type { ModulePart } from '../../platform/module.ts';
import { verifyCommand } from './cli.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { verificationRoutes } from './routes.tsx';

/**
 * Verification: bundled contexts and the document loader (../contexts), keys and proofs
 * (../proofs), baking (../baking), the verifier service (verify.ts), the /verify page, the
 * POST /api/v1/verify API and `vaardig verify`. The API other parts use is gathered in api.ts.
 */
export const verificationPart: ModulePart = {
  locales: { en, nl },
  routes: verificationRoutes,
  cli: { verify: verifyCommand },
};
