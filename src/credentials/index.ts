import { combineParts } from '../platform/module.ts';
import { issuingPart } from './issuing/index.ts';
import { verificationPart } from './verification/index.ts';

/**
 * Open Badges 3.0 credentials. Parts: verification/ (contexts, document loader, proofs, baking,
 * the verifier, its page, API and CLI) and issuing/ (issuer profiles and keys, achievements,
 * issuing, status lists, claim codes, public credential pages).
 */
export const credentialsModule = combineParts('credentials', [{ href: '/verify', label: 'verify.nav' }], [verificationPart, issuingPart]);
