import { combineParts } from '../platform/module.ts';
import { credentialsCli } from './cli.ts';
import { designPart } from './design/index.ts';
import { issuingPart } from './issuing/index.ts';
import { overviewPart } from './overview/index.ts';
import { personalDataPart } from './personal-data.ts';
import { credentialsPolicies } from './policies.ts';
import { verificationPart } from './verification/index.ts';

/**
 * Open Badges 3.0 credentials. Parts: verification/ (contexts, document loader, proofs, baking,
 * the verifier, its page, API and CLI) and issuing/ (issuer profiles and keys, achievements,
 * issuing, status lists, claim codes, public credential pages) and overview/ (the issuer's panel on
 * the home page, `/badges`, the links on an organisation's page).
 */
export const credentialsModule = combineParts(
  'credentials',
  [
    { href: '/badges', label: 'overview.nav', signedIn: true },
    { href: '/verify', label: 'verify.nav' },
  ],
  [
    verificationPart,
    issuingPart,
    overviewPart,
    designPart,
    personalDataPart,
    { cli: { credentials: credentialsCli }, routePolicies: credentialsPolicies },
  ],
);
