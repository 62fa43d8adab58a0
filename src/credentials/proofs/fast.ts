import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign as ed25519Sign, verify as ed25519Verify } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as vc from '@digitalbazaar/vc';
import jsonld from 'jsonld';
import { type DocumentLoader, isBundledFirst } from '../contexts/loader.ts';
import { base58Decode, base58Encode } from './base58.ts';
import { type SerializedEd25519KeyPair, signDataIntegrity } from './index.ts';
import { canonizePrepared } from './prepared.ts';

/**
 * The fast lane of Data Integrity eddsa-rdfc-2022: the same proofs as @digitalbazaar/vc's issue()
 * and jsonld-signatures' verify(), with the canonicalisation prepared per shape (prepared.ts) and
 * Ed25519 straight from node:crypto. Signing gives the reference's bytes; anything this file does not
 * handle goes to the reference (signing) or is left to it (verifying: `undefined`). See
 * docs/decisions/011-fast-lane.md.
 */

const DATA_INTEGRITY_V2 = 'https://w3id.org/security/data-integrity/v2';
const VC_V1 = 'https://www.w3.org/2018/credentials/v1';
const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';
const DID_V1 = 'https://www.w3.org/ns/did/v1';
const CRYPTOSUITE = 'eddsa-rdfc-2022';
const DER_PRIVATE_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

// @digitalbazaar/data-integrity's util.XMLDateTimeRegExp (created and expires must match it).
const XML_DATE_TIME = new RegExp(
  '-?([1-9][0-9]{3,}|0[0-9]{3})' +
    '-(0[1-9]|1[0-2])' +
    '-(0[1-9]|[12][0-9]|3[01])' +
    'T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](.[0-9]+)?|(24:00:00(.0+)?))' +
    '(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?',
);

type Json = Record<string, any>;

/** data-integrity's w3cDate: ISO 8601 without milliseconds. */
function w3cDate(date: Date): string {
  return `${date.toISOString().slice(0, -5)}Z`;
}

function includesContext(document: Json, url: string): boolean {
  const context = document['@context'];
  return context === url || (Array.isArray(context) && context.includes(url));
}

/** The proof options as DataIntegrityProof.canonizeProof canonicalises them (no proofValue, the suite context ensured). */
function proofOptions(document: Json, proof: Json): Json {
  const options: Json = { '@context': document['@context'], ...proof };
  if (!includesContext(options, DATA_INTEGRITY_V2) && !includesContext(options, VC_V2)) {
    const existing = options['@context'] || [];
    options['@context'] = Array.isArray(existing) ? [...existing, DATA_INTEGRITY_V2] : [existing, DATA_INTEGRITY_V2];
  }
  delete options.proofValue;
  return options;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** sha256(c14n proof options) ‖ sha256(c14n document), from prepared shapes; undefined when a shape is not prepared. */
async function verifyData(unsigned: Json, proof: Json, learn: boolean): Promise<Buffer | undefined> {
  const [proofCanon, documentCanon] = await Promise.all([
    canonizePrepared(proofOptions(unsigned, proof), { learn }),
    canonizePrepared(unsigned, { learn }),
  ]);
  if (proofCanon === undefined || documentCanon === undefined) return undefined;
  return Buffer.concat([sha256(proofCanon), sha256(documentCanon)]);
}

/** Private keys by their serialised key pair and verification method. */
const privateKeys = new Map<string, KeyObject>();

async function privateKeyOf(keyPair: SerializedEd25519KeyPair, verificationMethod: string): Promise<KeyObject> {
  const cacheKey = `${keyPair.secretKeyMultibase}\u0000${keyPair.publicKeyMultibase}\u0000${verificationMethod}`;
  let key = privateKeys.get(cacheKey);
  if (!key) {
    // The same parsing as the reference (Ed25519Multikey.from), so a key it refuses is refused here too.
    const pair = await Ed25519Multikey.from({ ...keyPair, id: verificationMethod });
    if (!pair.secretKey) throw new Error('The key pair has no secret key');
    key = createPrivateKey({ key: Buffer.concat([DER_PRIVATE_PREFIX, pair.secretKey.subarray(0, 32)]), format: 'der', type: 'pkcs8' });
    if (privateKeys.size > 1000) privateKeys.clear();
    privateKeys.set(cacheKey, key);
  }
  return key;
}

/** How often each lane was taken (tests and benchmarks read it). */
export const fastStats = { signed: 0, signedByReference: 0, verified: 0, leftToReference: 0 };

export interface FastSignOptions {
  keyPair: SerializedEd25519KeyPair;
  verificationMethod: string;
  date?: string | Date;
  documentLoader?: DocumentLoader;
}

/**
 * `signDataIntegrity` on the fast lane: the same signed credential, byte for byte (eddsa-rdfc-2022
 * is deterministic). The credential is not changed; the signed one is a new object that shares the
 * credential's values below the top level. Credentials it does not handle (a VC 1.1 context, an existing proof, a shape
 * that cannot be prepared, a document loader that might serve other contexts) go to the reference.
 */
export async function signDataIntegrityFast<T extends object>(credential: T, options: FastSignOptions): Promise<T & { proof: Json }> {
  const reference = () => {
    fastStats.signedByReference++;
    return signDataIntegrity(credential, options);
  };
  const { keyPair, verificationMethod } = options;
  if (!verificationMethod || !keyPair) return reference();
  if (options.documentLoader && !isBundledFirst(options.documentLoader)) return reference();
  const date = options.date ?? new Date();
  if (!date) return reference();
  const created = new Date(date);
  if (Number.isNaN(created.getTime())) return reference();
  // A new top-level object with the proof added; nothing below it is changed, so it is not copied
  // (the reference deep-copies because vc.issue() may add issuanceDate; that case goes there).
  const document = { ...credential } as Json;
  // vc.issue() adds issuanceDate to a VC 1.1 credential; jsonld-signatures adds to an existing proof.
  if ('proof' in document || includesContext(document, VC_V1)) return reference();
  try {
    vc._checkCredential({ credential: document, mode: 'issue' });
  } catch {
    return reference();
  }
  let privateKey: KeyObject;
  try {
    privateKey = await privateKeyOf(keyPair, verificationMethod);
  } catch {
    return reference();
  }
  // DataIntegrityProof.createProof: type, created, verificationMethod, cryptosuite; then the purpose.
  const proof: Json = {
    type: 'DataIntegrityProof',
    created: w3cDate(created),
    verificationMethod,
    cryptosuite: CRYPTOSUITE,
    proofPurpose: 'assertionMethod',
  };
  const data = await verifyData(document, proof, true);
  if (!data) return reference();
  proof.proofValue = `z${base58Encode(ed25519Sign(null, data, privateKey))}`;
  document.proof = proof;
  fastStats.signed++;
  return document as T & { proof: Json };
}

// ------------------------------------------------------------------ verifying

export interface FastVerifyOutcome {
  verified: true;
  /** The proofs, as jsonld-signatures' results list them. */
  proofs: Json[];
}

const DER_PUBLIC_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const verifiers = new Map<string, KeyObject>();

/**
 * The public key of a verification method, as node:crypto's key. Ed25519Multikey.from's own rules
 * (type Multikey, the Multikey context, an Ed25519 key) are checked by calling it; the key object
 * is the one @digitalbazaar/ed25519-multikey's verify() makes on Node, made once per method.
 */
async function verifierOf(method: Json): Promise<KeyObject> {
  // What Ed25519Multikey.from reads of the method (the rest does not change the key).
  const cacheKey = JSON.stringify([method.type, method['@context'], method.publicKeyMultibase, method.publicKeyJwk, method.id]);
  let key = verifiers.get(cacheKey);
  if (!key) {
    const pair = await Ed25519Multikey.from(method);
    key = createPublicKey({ key: Buffer.concat([DER_PUBLIC_PREFIX, pair.publicKey]), format: 'der', type: 'spki' });
    if (verifiers.size > 1000) verifiers.clear();
    verifiers.set(cacheKey, key);
  }
  return key;
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as Json).id === 'string') return (value as Json).id;
  return undefined;
}

/**
 * The signature of a base58btc proofValue ('z…'; base64url 'u…' is left to the reference).
 * base58btc decodes one way only (leading '1's are zero bytes, the rest a number without leading
 * zeros), as in base58-universal.
 */
function signatureOf(proofValue: unknown): Uint8Array | undefined {
  if (typeof proofValue !== 'string' || !proofValue.startsWith('z')) return undefined;
  try {
    return base58Decode(proofValue.slice(1));
  } catch {
    return undefined;
  }
}

async function load(loader: DocumentLoader, url: string): Promise<Json | undefined> {
  try {
    const { document } = await loader(url);
    const parsed = typeof document === 'string' ? JSON.parse(document) : document;
    return parsed && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies the eddsa-rdfc-2022 proofs of a document as jsonld-signatures' verify() does with
 * DataIntegrityProof and a CredentialIssuancePurpose (`issuerBound`) or AssertionProofPurpose:
 * every proof signed by its verification method over the canonical document and proof options,
 * the method a Multikey its controller lists under assertionMethod (and, when issuer-bound, the
 * controller is the issuer). Returns the outcome only when everything holds; undefined means
 * "not decided here" (a proof of another kind, a shape not prepared, a failure of any kind) and the
 * caller runs the reference, which then gives its own reasons.
 */
export async function verifyDataIntegrityFast(
  document: Json,
  loader: DocumentLoader,
  options: { issuerBound: boolean; learn?: boolean },
): Promise<FastVerifyOutcome | undefined> {
  const outcome = await decide(document, loader, options);
  if (outcome) fastStats.verified++;
  else fastStats.leftToReference++;
  return outcome;
}

async function decide(
  document: Json,
  loader: DocumentLoader,
  options: { issuerBound: boolean; learn?: boolean },
): Promise<FastVerifyOutcome | undefined> {
  const proofs = ([] as unknown[]).concat(document.proof ?? []) as Json[];
  if (proofs.length === 0) return undefined;
  for (const proof of proofs) {
    if (!proof || typeof proof !== 'object' || Array.isArray(proof)) return undefined;
    if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== CRYPTOSUITE || proof.proofPurpose !== 'assertionMethod')
      return undefined;
    if (typeof proof.verificationMethod !== 'string') return undefined;
    if (proof.created !== undefined && !XML_DATE_TIME.test(proof.created)) return undefined;
    if (proof.expires !== undefined && !XML_DATE_TIME.test(proof.expires)) return undefined;
  }
  const { proof: _proofs, ...unsigned } = document;
  let issuerId: string | undefined;
  if (options.issuerBound) {
    const issuer = jsonld.getValues(document, 'issuer');
    if (!issuer || issuer.length === 0) return undefined;
    issuerId = typeof issuer[0] === 'string' ? issuer[0] : issuer[0]?.id;
  }
  for (const proof of proofs) {
    const method = await load(loader, proof.verificationMethod);
    if (method?.type !== 'Multikey') return undefined;
    const context = method['@context'];
    if (context !== undefined && !(context === MULTIKEY_V1 || (Array.isArray(context) && context.includes(MULTIKEY_V1)))) return undefined;
    const signature = signatureOf(proof.proofValue);
    if (!signature) return undefined;
    const data = await verifyData(unsigned, proof, options.learn ?? true);
    if (!data) return undefined;
    let verified = false;
    try {
      verified = ed25519Verify(null, data, await verifierOf(method), signature);
    } catch {
      return undefined;
    }
    if (!verified) return undefined;
    // ControllerProofPurpose: the controller's document lists the method for assertions.
    if (typeof method.id !== 'string') return undefined;
    const controllerId = typeof method.controller === 'object' ? method.controller?.id : method.controller;
    if (typeof controllerId !== 'string') return undefined;
    const controller = await load(loader, controllerId);
    if (!controller) return undefined;
    const didContext = controller['@context'] === DID_V1 || (Array.isArray(controller['@context']) && controller['@context'][0] === DID_V1);
    if (!didContext) return undefined; // the reference frames other controller documents
    const listed = jsonld.getValues(controller, 'assertionMethod').some((vm: unknown) => vm === method.id || idOf(vm) === method.id);
    if (!listed) return undefined;
    if (options.issuerBound && controller.id !== issuerId) return undefined;
  }
  return { verified: true, proofs };
}
