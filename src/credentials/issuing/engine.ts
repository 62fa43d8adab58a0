/**
 * The one place where issuing calls the verification part's credential engine (key generation,
 * Data Integrity and VC-JWT signing, the document loader, baking, verifying). Issuing never signs
 * or loads documents on its own.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { DocumentLoader } from '../contexts/loader.ts';
import { E } from '../errors.ts';

// The signing stack (jsonld, the cryptosuites, bundled contexts) loads on the first signature,
// not at start: it is most of what the credentials module would add to a server's memory.
const proofs = () => import('../proofs/index.ts');
const fastProofs = () => import('../proofs/fast.ts');

let fastLane = process.env.VAARDIG_FAST_LANE !== '0';

/**
 * Whether Data Integrity proofs are made on the fast lane (prepared canonicalisation, the same bytes;
 * docs/decisions/011-fast-lane.md) or by the reference (@digitalbazaar/vc issue()). On by default;
 * VAARDIG_FAST_LANE=0 turns it off for the process. Benchmarks and tests compare the two.
 */
export function useFastLane(on: boolean): void {
  fastLane = on;
}

export interface SigningKey {
  algorithm: 'Ed25519' | 'RSA';
  /** Verification method id: `<did>#<fragment>`. */
  id: string;
  controller: string;
  publicKeyMultibase?: string;
  publicJwk: Record<string, unknown>;
  /** Ed25519: secretKeyMultibase; RSA: PKCS#8 PEM. Decrypted, in memory only. */
  secret: string;
}

export type LocalResolver = (url: string) => Promise<Record<string, unknown> | undefined>;

let localResolver: LocalResolver | undefined;
let loader: DocumentLoader | undefined;

/** Lets the loader resolve this instance's did:web documents and status lists from the database. */
export function setLocalResolver(resolver: LocalResolver | undefined): void {
  localResolver = resolver;
  loader = undefined;
}

export async function issuingDocumentLoader(): Promise<DocumentLoader> {
  if (!loader) {
    const { createDocumentLoader } = await import('../contexts/loader.ts');
    // Not cached across calls of resolveLocal: the DID documents change on key rotation.
    loader = createDocumentLoader({ resolveLocal: localResolver });
  }
  return loader;
}

export async function newEd25519Key(): Promise<{
  publicKeyMultibase: string;
  secretKeyMultibase: string;
  publicJwk: Record<string, unknown>;
}> {
  const { ed25519PublicJwk, generateEd25519KeyPair } = await proofs();
  const pair = await generateEd25519KeyPair();
  return {
    publicKeyMultibase: pair.publicKeyMultibase,
    secretKeyMultibase: pair.secretKeyMultibase,
    publicJwk: ed25519PublicJwk(pair.publicKeyMultibase) as Record<string, unknown>,
  };
}

export async function signDataIntegrity(credential: Record<string, unknown>, key: SigningKey): Promise<Record<string, unknown>> {
  if (key.algorithm !== 'Ed25519' || !key.publicKeyMultibase) throw E.signingKeyAlgorithm(undefined, { algorithm: key.algorithm });
  const signDi = fastLane ? (await fastProofs()).signDataIntegrityFast : (await proofs()).signDataIntegrity;
  return signDi(credential, {
    keyPair: multikeyOf(key),
    verificationMethod: key.id,
    // Contexts only: signing never dereferences anything else.
    documentLoader: await issuingDocumentLoader(),
  });
}

function multikeyOf(key: SigningKey) {
  return {
    type: 'Multikey' as const,
    id: key.id,
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase as string,
    secretKeyMultibase: key.secret,
  };
}

let pool: import('../proofs/pool.ts').ProofPool | undefined;
let poolSize = Number(process.env.VAARDIG_SIGNING_WORKERS ?? 0);

/**
 * Worker threads for batches of signatures (a bulk issue): 0 (the default) signs in this thread;
 * n > 0 keeps n worker threads (VAARDIG_SIGNING_WORKERS). Signing is ≈ 0.3 ms a credential on the
 * fast lane, so workers pay off when this thread has other work, such as the embedded database.
 */
export async function useSigningWorkers(size: number): Promise<void> {
  poolSize = size;
  const old = pool;
  pool = undefined;
  await old?.close();
}

/** Signs many credentials with one key (Data Integrity), in order: on the worker threads when there are any. */
export async function signDataIntegrityBatch(credentials: Record<string, unknown>[], key: SigningKey): Promise<Record<string, unknown>[]> {
  if (key.algorithm !== 'Ed25519' || !key.publicKeyMultibase) throw E.signingKeyAlgorithm(undefined, { algorithm: key.algorithm });
  if (credentials.length === 0) return [];
  if (!fastLane || poolSize <= 0) {
    const out = [];
    for (const [i, credential] of credentials.entries()) {
      out.push(await signDataIntegrity(credential, key));
      // Requests (and their queries) get their turn between signatures, as between a bulk job's rows.
      if (i % 8 === 7) await yieldToEventLoop();
    }
    return out;
  }
  if (!pool) {
    const { ProofPool } = await import('../proofs/pool.ts');
    pool = new ProofPool(poolSize);
  }
  const options = { keyPair: multikeyOf(key), verificationMethod: key.id };
  const slices = [];
  const per = Math.ceil(credentials.length / pool.size);
  for (let i = 0; i < credentials.length; i += per) slices.push(pool.sign(credentials.slice(i, i + per), options));
  return (await Promise.all(slices)).flat();
}

/**
 * Parsed RSA private keys by their PEM. Not by key id: an organisation removed and made again under
 * the same slug (or another database in the same process) has a new key under the same id.
 */
const rsaKeys = new Map<string, KeyObject>();

export async function signVcJwt(credential: Record<string, unknown>, key: SigningKey): Promise<string> {
  if (key.algorithm !== 'RSA') throw E.signingKeyAlgorithm(undefined, { algorithm: key.algorithm });
  let privateKey = rsaKeys.get(key.secret);
  if (!privateKey) {
    privateKey = createPrivateKey(key.secret);
    rsaKeys.set(key.secret, privateKey);
  }
  const { signVcJwt: signJwt } = await proofs();
  return signJwt(credential, { privateKey, alg: 'RS256', kid: key.id });
}
