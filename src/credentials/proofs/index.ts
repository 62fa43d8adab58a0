import { createPrivateKey, createPublicKey, type KeyObject, generateKeyPairSync } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { type JWK, SignJWT, importJWK } from 'jose';
import { createDocumentLoader, type DocumentLoader, type DocumentLoaderOptions } from '../contexts/loader.ts';
import { base58Decode, base58Encode } from './base58.ts';

export { base58Decode, base58Encode };

/**
 * An Ed25519 key pair in the Multikey form, plain JSON: the issuing part encrypts it at rest and
 * gives it back to `signDataIntegrity`. `secretKeyMultibase` is the private key; never publish it.
 */
export interface SerializedEd25519KeyPair {
  type: 'Multikey';
  id?: string;
  controller?: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

/** Makes a new Ed25519 key pair. `controller` (the issuer's DID) sets id to `<controller>#<publicKeyMultibase>` unless `id` is given. */
export async function generateEd25519KeyPair(
  options: { controller?: string; id?: string; seed?: Uint8Array } = {},
): Promise<SerializedEd25519KeyPair> {
  const pair = await Ed25519Multikey.generate(options);
  return {
    type: 'Multikey',
    ...(pair.id ? { id: pair.id } : {}),
    ...(pair.controller ? { controller: pair.controller } : {}),
    publicKeyMultibase: pair.publicKeyMultibase,
    secretKeyMultibase: pair.secretKeyMultibase as string,
  };
}

/** The public half of a key pair as a Multikey verification method, for a DID document. */
export function publicVerificationMethod(keyPair: { publicKeyMultibase: string }, id: string, controller: string) {
  return { id, type: 'Multikey', controller, publicKeyMultibase: keyPair.publicKeyMultibase };
}

/** The did:key of an Ed25519 public key. */
export function didKeyFor(publicKeyMultibase: string): string {
  return `did:key:${publicKeyMultibase}`;
}

const ED25519_PUB_PREFIX = [0xed, 0x01];

/** Raw 32-byte Ed25519 public key from `z6Mk...`. */
export function ed25519PublicKeyBytes(publicKeyMultibase: string): Uint8Array {
  if (!publicKeyMultibase.startsWith('z')) throw new Error('Only base58btc multibase keys (starting with "z") are supported');
  const bytes = base58Decode(publicKeyMultibase.slice(1));
  if (bytes.length !== 34 || bytes[0] !== ED25519_PUB_PREFIX[0] || bytes[1] !== ED25519_PUB_PREFIX[1]) {
    throw new Error(`${publicKeyMultibase} is not an Ed25519 public key`);
  }
  return bytes.subarray(2);
}

/** The Ed25519 public key of a multibase value as a JWK (for VC-JWT EdDSA and for DID documents). */
export function ed25519PublicJwk(publicKeyMultibase: string): JWK {
  return { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(ed25519PublicKeyBytes(publicKeyMultibase)).toString('base64url') };
}

/** The private JWK of a serialised Ed25519 key pair (to sign VC-JWT with EdDSA using the same key). */
export async function ed25519PrivateJwk(keyPair: SerializedEd25519KeyPair): Promise<JWK> {
  const pair = await Ed25519Multikey.from(keyPair);
  if (!pair.secretKey) throw new Error('The key pair has no secret key');
  // The Multikey secret key is seed (32 bytes) + public key; a JWK's d is the seed.
  return {
    kty: 'OKP',
    crv: 'Ed25519',
    x: Buffer.from(pair.publicKey).toString('base64url'),
    d: Buffer.from(pair.secretKey.subarray(0, 32)).toString('base64url'),
  };
}

let defaultLoader: DocumentLoader | undefined;

/**
 * Signs a credential with a DataIntegrityProof, cryptosuite eddsa-rdfc-2022 (@digitalbazaar/vc
 * `issue()`). `verificationMethod` is the key's id in the issuer's DID document
 * (did:web:host:orgs:x#key-1 or did:key:z6Mk...#z6Mk...). The credential is not changed; a signed
 * copy is returned. `documentLoaderOptions` is only needed when the credential uses contexts that
 * are not bundled.
 */
export async function signDataIntegrity<T extends object>(
  credential: T,
  options: {
    keyPair: SerializedEd25519KeyPair;
    verificationMethod: string;
    date?: string | Date;
    documentLoader?: DocumentLoader;
    documentLoaderOptions?: DocumentLoaderOptions;
  },
): Promise<T & { proof: Record<string, unknown> }> {
  const { keyPair, verificationMethod } = options;
  if (!verificationMethod) throw new Error('signDataIntegrity: verificationMethod is required');
  const key = await Ed25519Multikey.from({ ...keyPair, id: verificationMethod });
  const suite = new DataIntegrityProof({ signer: key.signer(), cryptosuite: eddsaRdfc2022, date: options.date ?? new Date() });
  const documentLoader =
    options.documentLoader ??
    (options.documentLoaderOptions ? createDocumentLoader(options.documentLoaderOptions) : (defaultLoader ??= createDocumentLoader()));
  return vc.issue({ credential: structuredClone(credential), suite, documentLoader });
}

export type JwtAlg = 'EdDSA' | 'RS256' | 'ES256';

/** A key pair for VC-JWT, as JWKs (the private one carries `d`). RS256 keys are 2048-bit RSA; ES256 P-256. */
export function generateJwtKeyPair(alg: JwtAlg): { publicJwk: JWK; privateJwk: JWK } {
  const pair =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : alg === 'ES256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('ed25519');
  return { publicJwk: pair.publicKey.export({ format: 'jwk' }) as JWK, privateJwk: pair.privateKey.export({ format: 'jwk' }) as JWK };
}

/** The public JWK of a private JWK or KeyObject. */
export function publicJwkOf(privateKey: JWK | KeyObject): JWK {
  const keyObject =
    'type' in privateKey && typeof (privateKey as KeyObject).export === 'function'
      ? (privateKey as KeyObject)
      : createPrivateKey({ key: privateKey as any, format: 'jwk' });
  return createPublicKey(keyObject).export({ format: 'jwk' }) as JWK;
}

function seconds(date: unknown): number | undefined {
  if (typeof date !== 'string') return undefined;
  const time = Date.parse(date);
  return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
}

/**
 * Signs a credential as a VC-JWT (compact JWS), the form Open Badges 3.0 §8.2 describes: JOSE
 * header {alg, kid, typ: "JWT"}; claims iss = issuer id, jti = credential id, sub =
 * credentialSubject id, nbf = validFrom, exp = validUntil (when present), iat = now, and the
 * credential itself (without `proof`) in the `vc` claim. See docs/decisions/006-credential-verification.md.
 */
export async function signVcJwt(
  credential: Record<string, any>,
  options: { privateKey: JWK | KeyObject; alg: JwtAlg; kid: string; now?: Date },
): Promise<string> {
  const { alg, kid } = options;
  if (!['EdDSA', 'RS256', 'ES256'].includes(alg)) throw new Error(`signVcJwt: unsupported alg "${alg}"`);
  if (!kid) throw new Error('signVcJwt: kid is required');
  const { proof: _proof, ...vcClaim } = credential;
  const issuer = typeof vcClaim.issuer === 'string' ? vcClaim.issuer : vcClaim.issuer?.id;
  const subject = [].concat(vcClaim.credentialSubject ?? [])[0] as { id?: string } | undefined;
  const payload: Record<string, unknown> = { vc: vcClaim };
  const key = 'kty' in (options.privateKey as JWK) ? await importJWK(options.privateKey as JWK, alg) : options.privateKey;
  let jwt = new SignJWT(payload)
    .setProtectedHeader({ alg, kid, typ: 'JWT' })
    .setIssuedAt(options.now ? Math.floor(options.now.getTime() / 1000) : undefined);
  if (issuer) jwt = jwt.setIssuer(issuer);
  if (vcClaim.id) jwt = jwt.setJti(vcClaim.id);
  if (subject?.id) jwt = jwt.setSubject(subject.id);
  const nbf = seconds(vcClaim.validFrom ?? vcClaim.issuanceDate);
  if (nbf !== undefined) jwt = jwt.setNotBefore(nbf);
  const exp = seconds(vcClaim.validUntil ?? vcClaim.expirationDate);
  if (exp !== undefined) jwt = jwt.setExpirationTime(exp);
  return jwt.sign(key as Parameters<SignJWT['sign']>[0]);
}
