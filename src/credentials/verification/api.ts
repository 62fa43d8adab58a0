/**
 * The public API of the verification half of credentials, for the issuing part and other modules:
 * keys and signing (proofs/), the document loader (contexts/), baking (baking/) and verification.
 */
export { bundledContexts } from '../contexts/index.ts';
export {
  createDocumentLoader,
  type DocumentLoader,
  type DocumentLoaderOptions,
  DocumentNotFoundError,
  didKeyDocument,
  didWebUrl,
} from '../contexts/loader.ts';
export { FetchRefusedError, isBlockedAddress, safeFetch } from '../contexts/fetch.ts';
export {
  didKeyFor,
  ed25519PrivateJwk,
  ed25519PublicJwk,
  generateEd25519KeyPair,
  generateJwtKeyPair,
  type JwtAlg,
  publicJwkOf,
  publicVerificationMethod,
  type SerializedEd25519KeyPair,
  signDataIntegrity,
  signVcJwt,
} from '../proofs/index.ts';
export { bake, bakePng, bakeSvg, BakingError, unbake, unbakePng, unbakeSvg, type BakedPayload } from '../baking/index.ts';
export { identityMatches, readInput, verifyCredential, verifyLinkedDataProofs } from './verify.ts';
export * from './types.ts';
