import { createHash } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { cryptosuite as eddsa2022 } from '@digitalbazaar/eddsa-2022-cryptosuite';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { CredentialIssuancePurpose } from '@digitalbazaar/vc';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { type JWK, compactVerify, decodeProtectedHeader, importJWK, importSPKI } from 'jose';
import jsigs from 'jsonld-signatures';
import { AppError } from '../../platform/errors.ts';
import { BakingError, isPng, isSvg, MAX_BAKED_TEXT, unbake } from '../baking/index.ts';
import { E } from '../errors.ts';
import { bundledContext, DID_V1, MULTIKEY_V1, OB_V3_CONTEXT } from '../contexts/index.ts';
import { safeFetch } from '../contexts/fetch.ts';
import { createDocumentLoader, type DocumentLoader, isEd25519Multibase } from '../contexts/loader.ts';
import { verifyDataIntegrityFast } from '../proofs/fast.ts';
import { ed25519PublicJwk } from '../proofs/index.ts';
import { checkSchema } from './schema.ts';
import {
  type Alignment,
  type Check,
  type CheckDetail,
  type CredentialFormat,
  UnusableInputError,
  type Verdict,
  type VerifyOptions,
} from './types.ts';

export * from './types.ts';

const JWS_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const VC_CONTEXTS = ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/2018/credentials/v1'];
const OB2_CONTEXT = 'https://w3id.org/openbadges/v2';
const OB3_CONTEXT_PREFIX = 'https://purl.imsglobal.org/spec/ob/v3p0/';
const OB3_TYPES = ['OpenBadgeCredential', 'AchievementCredential', 'EndorsementCredential'];
const CREDENTIAL_TYPES = ['VerifiableCredential', ...OB3_TYPES];

type Json = Record<string, any>;

interface ParsedInput {
  source: Verdict['source'];
  format: CredentialFormat;
  credential: Json;
  jwt?: string;
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as Json).id === 'string') return (value as Json).id;
  return undefined;
}

/** A JSON object (not null, not a list): what may be read field by field. */
function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray<T = any>(value: unknown): T[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value as T];
}

function errorMessage(error: unknown): string {
  if (!error) return 'unknown error';
  const e = error as { message?: string; errors?: unknown[]; cause?: unknown };
  if (Array.isArray(e.errors) && e.errors.length) return e.errors.map(errorMessage).join('; ');
  return e.message ?? String(error);
}

/** The largest credential text (JSON or JWS) read: 1 MB, as in a baked image. */
export const MAX_TEXT = MAX_BAKED_TEXT;
/** The largest file or text given to the verifier: 10 MB (an image with a credential baked in). */
export const MAX_FILE = 10 * 1024 * 1024;
/** JSON nested deeper than this is not a credential (and would cost the JSON-LD processor dearly). */
export const MAX_DEPTH = 64;
/** How long one verification may take before it is given up. */
export const VERIFY_TIMEOUT_MS = 20_000;

const tooLarge = () => new UnusableInputError(E.inputTooLarge, { max: MAX_TEXT / 1024 / 1024 });

/** Fails on JSON text nested deeper than MAX_DEPTH, in one pass over the text. */
function checkJsonDepth(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_DEPTH) throw new UnusableInputError(E.inputTooDeep, { max: MAX_DEPTH });
    } else if (c === 125 || c === 93) depth--;
  }
}

/** The same for a parsed value (the API's JSON body). */
function checkObjectDepth(value: unknown, depth = 0): void {
  if (!value || typeof value !== 'object') return;
  if (depth >= MAX_DEPTH) throw new UnusableInputError(E.inputTooDeep, { max: MAX_DEPTH });
  for (const v of Object.values(value)) checkObjectDepth(v, depth + 1);
}

function decodeJwtPart(part: string): Json {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new UnusableInputError(E.jwsUndecodable);
  }
}

function classifyJson(value: unknown, source: Verdict['source']): ParsedInput {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UnusableInputError(E.notCredential);
  const json = value as Json;
  const contexts = asArray(json['@context']);
  if (contexts.some((c) => VC_CONTEXTS.includes(c))) return { source, format: 'json-ld', credential: json };
  if (contexts.includes(OB2_CONTEXT) || asArray(json.type).includes('Assertion')) return { source, format: 'ob2-json', credential: json };
  // A credential with a wrong or missing @context is still a credential: an invalid one (the
  // context check says why), not unusable input.
  const types = asArray(json.type);
  if (types.some((t) => CREDENTIAL_TYPES.includes(t)) || contexts.some((c) => typeof c === 'string' && c.startsWith(OB3_CONTEXT_PREFIX)))
    return { source, format: 'json-ld', credential: json };
  throw new UnusableInputError(E.notCredential);
}

function classifyJws(jwt: string, source: Verdict['source']): ParsedInput {
  const [headerPart, payloadPart] = jwt.split('.');
  // The protected header must be a JSON object too (the key and algorithm are read from it).
  if (!isObject(decodeJwtPart(headerPart))) throw new UnusableInputError(E.jwsUndecodable);
  const payload = decodeJwtPart(payloadPart);
  // JSON that is no object (null, a number, a list) carries no claims.
  if (!isObject(payload)) throw new UnusableInputError(E.jwsNotCredential);
  if (payload.vc && typeof payload.vc === 'object') return { source, format: 'vc-jwt', credential: payload.vc, jwt };
  if (asArray(payload['@context']).some((c) => VC_CONTEXTS.includes(c))) return { source, format: 'vc-jwt', credential: payload, jwt };
  if (payload.recipient && (payload.badge || payload.verify || payload.verification))
    return { source, format: 'ob2-jws', credential: payload, jwt };
  throw new UnusableInputError(E.jwsNotCredential);
}

function classifyText(text: string, source: Verdict['source']): ParsedInput {
  if (text.length > MAX_TEXT) throw tooLarge();
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    checkJsonDepth(trimmed);
    try {
      json = JSON.parse(trimmed);
    } catch (error) {
      const position = /position (\d+)/.exec((error as Error).message)?.[1];
      throw new UnusableInputError(E.notJson, { position: position ?? '?' });
    }
    return classifyJson(json, source);
  }
  if (JWS_PATTERN.test(trimmed)) return classifyJws(trimmed, source);
  throw new UnusableInputError(E.unknownInput);
}

async function fromImage(
  bytes: Uint8Array,
  options: VerifyOptions,
  source: Verdict['source'] = isPng(bytes) ? 'png' : 'svg',
): Promise<ParsedInput> {
  let baked: ReturnType<typeof unbake>;
  try {
    baked = unbake(bytes);
  } catch (error) {
    if (error instanceof AppError) throw new UnusableInputError(error);
    throw error;
  }
  if (!baked) throw new UnusableInputError(E.nothingBaked, { image: source.toUpperCase() });
  if (baked.form === 'url') {
    if (!options.allowNetwork) throw new UnusableInputError(E.hostedBadgeNotAllowed);
    return readInput(baked.text, options);
  }
  return { ...classifyText(baked.text, source), source };
}

/** Turns any accepted input into a credential and its format; throws UnusableInputError otherwise. */
export async function readInput(input: unknown, options: VerifyOptions = {}): Promise<ParsedInput> {
  if (input instanceof Uint8Array) {
    if (input.length > MAX_FILE) throw new UnusableInputError(E.inputTooLarge, { max: MAX_FILE / 1024 / 1024 });
    if (isPng(input) || isSvg(input)) return fromImage(input, options);
    if (input.length > MAX_TEXT) throw tooLarge();
    return classifyText(Buffer.from(input).toString('utf8'), 'data');
  }
  if (typeof input === 'string') {
    if (input.length > MAX_FILE) throw new UnusableInputError(E.inputTooLarge, { max: MAX_FILE / 1024 / 1024 });
    const trimmed = input.trim();
    if (/^https?:\/\//i.test(trimmed)) {
      if (!options.allowNetwork) throw new UnusableInputError(E.urlNotAllowed);
      let fetched: Awaited<ReturnType<typeof safeFetch>>;
      try {
        fetched = await safeFetch(trimmed, {
          trustedOrigins: options.documentLoaderOptions?.trustedOrigins,
          accept: 'application/json, application/ld+json, image/png, image/svg+xml, */*;q=0.1',
        });
      } catch (error) {
        throw new UnusableInputError(E.fetchFailed, { reason: String((error as Error).message).slice(0, 200) });
      }
      if (isPng(fetched.body) || isSvg(fetched.body)) return { ...(await fromImage(fetched.body, options)), source: 'url' };
      return classifyText(fetched.body.toString('utf8'), 'url');
    }
    if (trimmed.startsWith('<')) return fromImage(Buffer.from(trimmed), options);
    return classifyText(trimmed, 'data');
  }
  if (input && typeof input === 'object') {
    checkObjectDepth(input);
    return classifyJson(input, 'data');
  }
  throw new UnusableInputError(E.nothingToVerify);
}

// ---------------------------------------------------------------- summary fields

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Json;
    if (typeof v['@value'] === 'string') return v['@value'];
    const first = Object.values(v).find((x) => typeof x === 'string');
    return typeof first === 'string' ? first : undefined;
  }
  return undefined;
}

function alignmentsOf(list: unknown): Alignment[] {
  return asArray<Json>(list)
    .filter((a) => a && typeof a === 'object')
    .map((a) => ({
      targetName: textOf(a.targetName),
      targetUrl: a.targetUrl,
      targetCode: a.targetCode,
      targetFramework: textOf(a.targetFramework),
      targetType: a.targetType,
      targetDescription: textOf(a.targetDescription),
    }));
}

function summarise(
  parsed: ParsedInput,
): Pick<Verdict, 'name' | 'issuer' | 'achievement' | 'recipient' | 'validFrom' | 'validUntil' | 'skills'> {
  const c = parsed.credential;
  if (parsed.format === 'ob2-json' || parsed.format === 'ob2-jws') {
    const badge = typeof c.badge === 'object' ? c.badge : undefined;
    const issuer = badge && typeof badge.issuer === 'object' ? badge.issuer : undefined;
    return {
      name: badge?.name,
      issuer: { id: idOf(badge?.issuer), name: issuer?.name, url: issuer?.url },
      achievement: badge
        ? {
            id: badge.id,
            name: badge.name,
            description: badge.description,
            criteria: textOf(badge.criteria?.narrative) ?? idOf(badge.criteria),
            image: idOf(badge.image),
          }
        : { id: idOf(c.badge) },
      recipient: c.recipient
        ? { identities: [{ type: c.recipient.type, hashed: c.recipient.hashed, identity: c.recipient.identity }] }
        : undefined,
      validFrom: c.issuedOn,
      validUntil: c.expires,
      skills: alignmentsOf(badge?.alignment),
    };
  }
  const subject = asArray<Json>(c.credentialSubject)[0] ?? {};
  const achievement = typeof subject.achievement === 'object' ? subject.achievement : undefined;
  const issuer = typeof c.issuer === 'object' ? c.issuer : undefined;
  return {
    name: textOf(c.name) ?? textOf(achievement?.name),
    issuer: { id: idOf(c.issuer), name: textOf(issuer?.name), url: issuer?.url },
    achievement: achievement
      ? {
          id: achievement.id,
          name: textOf(achievement.name),
          description: textOf(achievement.description),
          criteria: textOf(achievement.criteria?.narrative) ?? achievement.criteria?.id,
          image: idOf(achievement.image),
          achievementType: achievement.achievementType,
        }
      : undefined,
    recipient: {
      id: subject.id,
      name: textOf(subject.name),
      identities: asArray<Json>(subject.identifier).map((i) => ({ type: i.identityType, hashed: i.hashed, identity: i.identityHash })),
    },
    validFrom: c.validFrom ?? c.issuanceDate,
    validUntil: c.validUntil ?? c.expirationDate,
    skills: alignmentsOf(achievement?.alignment),
  };
}

// ---------------------------------------------------------------- checks

function checkValidity(from: unknown, until: unknown, now: Date): Check {
  const parse = (label: string, value: unknown): Date | Check | undefined => {
    if (value === undefined || value === null) return undefined;
    // A number is seconds since 1970 (a JWT's nbf/exp); beyond the dates a Date can hold it is no date.
    if (typeof value !== 'string' && typeof value !== 'number')
      return { check: 'validity', status: 'failed', message: `"${label}" is not a date`, code: 'notADate', params: { field: label } };
    const d = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
    if (!Number.isNaN(d.getTime())) return d;
    const shown = String(value).slice(0, 100);
    return {
      check: 'validity',
      status: 'failed',
      message: `"${label}" (${value}) is not a date`,
      code: 'notADateValue',
      params: { field: label, value: shown },
    };
  };
  const start = parse('validFrom', from);
  const end = parse('validUntil', until);
  if (start && !(start instanceof Date)) return start;
  if (end && !(end instanceof Date)) return end;
  const iso = (d: Date) => d.toISOString();
  if (start && now < start)
    return {
      check: 'validity',
      status: 'failed',
      message: `Not yet valid: valid from ${iso(start)} (now ${iso(now)})`,
      code: 'notYetValid',
      params: { from: iso(start), now: iso(now) },
    };
  if (end && now > end)
    return {
      check: 'validity',
      status: 'failed',
      message: `Expired: valid until ${iso(end)} (now ${iso(now)})`,
      code: 'expired',
      params: { until: iso(end), now: iso(now) },
    };
  if (start && end)
    return {
      check: 'validity',
      status: 'ok',
      message: `Valid from ${iso(start)} until ${iso(end)}`,
      code: 'validFromUntil',
      params: { from: iso(start), until: iso(end) },
    };
  if (start)
    return {
      check: 'validity',
      status: 'ok',
      message: `Valid from ${iso(start)}, no end date`,
      code: 'validFrom',
      params: { from: iso(start) },
    };
  if (end) return { check: 'validity', status: 'ok', message: `Valid until ${iso(end)}`, code: 'validUntil', params: { until: iso(end) } };
  return { check: 'validity', status: 'ok', message: 'No validity period is stated', code: 'noValidity' };
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Whether an (OB 2.0 or 3.0) identity matches an email: plain, or `sha256$<hex>` of email + salt. */
export function identityMatches(identity: string, hashed: boolean, salt: string | undefined, email: string): boolean {
  const candidates = [...new Set([email.trim(), email.trim().toLowerCase()])];
  if (!hashed) return candidates.some((c) => c.toLowerCase() === identity.trim().toLowerCase());
  const [alg, hex] = identity.includes('$') ? identity.split('$', 2) : ['sha256', identity];
  if (alg.toLowerCase() !== 'sha256' || !hex) return false;
  return candidates.some((c) => sha256Hex(c + (salt ?? '')) === hex.toLowerCase());
}

export function checkRecipient(parsed: Pick<ParsedInput, 'format' | 'credential'>, email: string | undefined): Check {
  if (!email)
    return {
      check: 'recipient',
      status: 'skipped',
      message: 'No email address was given to match the recipient against',
      code: 'noEmailGiven',
    };
  const c = parsed.credential;
  const identities: { type?: string; identity?: string; hashed?: boolean; salt?: string }[] = [];
  if (parsed.format === 'ob2-json' || parsed.format === 'ob2-jws') {
    if (c.recipient)
      identities.push({ type: c.recipient.type, identity: c.recipient.identity, hashed: c.recipient.hashed, salt: c.recipient.salt });
  } else {
    for (const subject of asArray<Json>(c.credentialSubject)) {
      for (const i of asArray<Json>(subject.identifier))
        identities.push({ type: i.identityType, identity: i.identityHash, hashed: i.hashed, salt: i.salt });
      if (typeof subject.email === 'string') identities.push({ type: 'emailAddress', identity: subject.email, hashed: false });
    }
  }
  const emails = identities.filter((i) => typeof i.identity === 'string' && (i.type === 'emailAddress' || i.type === 'email'));
  if (emails.length === 0)
    return {
      check: 'recipient',
      status: 'failed',
      message: `The credential names no email recipient, so it cannot be matched to ${email}`,
      code: 'noEmailRecipient',
      params: { email },
    };
  const match = emails.find((i) => identityMatches(String(i.identity), Boolean(i.hashed), i.salt, email));
  return match
    ? {
        check: 'recipient',
        status: 'ok',
        message: `Issued to ${email} (${match.hashed ? 'salted sha256 hash' : 'plain email'} matches)`,
        code: match.hashed ? 'issuedToHashed' : 'issuedTo',
        params: { email },
      }
    : {
        check: 'recipient',
        status: 'failed',
        message: `Not issued to ${email}: the recipient identity does not match`,
        code: 'notIssuedTo',
        params: { email },
      };
}

const LEGACY_PROOFS = new Set(['Ed25519Signature2020', 'eddsa-2022']);

function suites() {
  return [
    new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    new DataIntegrityProof({ cryptosuite: eddsa2022 }),
    new Ed25519Signature2020(),
  ];
}

function proofLabel(proof: Json): string {
  return proof.type === 'DataIntegrityProof' ? `DataIntegrityProof (${proof.cryptosuite})` : String(proof.type);
}

interface LdProofOutcome {
  check: Check;
  /** Every proof verified. */
  verified: boolean;
}

/** Verifies the Data Integrity / Ed25519Signature2020 proofs of a JSON-LD credential (signature and purpose). */
export async function verifyLinkedDataProofs(
  document: Json,
  documentLoader: DocumentLoader,
  options: { issuerBound?: boolean; fast?: boolean } = {},
): Promise<LdProofOutcome> {
  const proofs = asArray<Json>(document.proof);
  if (proofs.length === 0)
    return {
      verified: false,
      check: { check: 'proof', status: 'failed', message: 'The credential has no proof (it is not signed)', code: 'noProof' },
    };
  const known = proofs.filter(
    (p) =>
      (p.type === 'DataIntegrityProof' && ['eddsa-rdfc-2022', 'eddsa-2022'].includes(p.cryptosuite)) || p.type === 'Ed25519Signature2020',
  );
  if (known.length === 0) {
    return {
      verified: false,
      check: {
        check: 'proof',
        status: 'failed',
        message: `Unsupported proof type: ${proofs.map(proofLabel).join(', ')} (supported: eddsa-rdfc-2022, and legacy Ed25519Signature2020 and eddsa-2022)`,
        code: 'proofUnsupported',
        params: { proofs: proofs.map(proofLabel).join(', ') },
      },
    };
  }
  if (options.fast) {
    // The fast lane decides only what holds; anything else (a bad signature too) takes the full
    // path below, so that failures read exactly as they always have.
    const fast = await verifyDataIntegrityFast(document, documentLoader, { issuerBound: options.issuerBound !== false }).catch(
      () => undefined,
    );
    if (fast) {
      const labels = fast.proofs.map(proofLabel).join(', ');
      return {
        verified: true,
        check: {
          check: 'proof',
          status: 'ok',
          message: `Signature verified: ${labels}`,
          code: 'signatureVerified',
          params: { proofs: labels },
        },
      };
    }
  }
  let result: any;
  try {
    // An issuer that can publish keys (a DID or a URL) must control the key; an issuer that cannot
    // (urn:uuid…) is not bound to it, as the 1EdTech validator does (the issuer-key check warns).
    const purpose = options.issuerBound === false ? new jsigs.purposes.AssertionProofPurpose() : new CredentialIssuancePurpose();
    result = await jsigs.verify(document, { suite: suites(), purpose, documentLoader });
  } catch (error) {
    return {
      verified: false,
      check: proofUncheckable(errorMessage(error)),
    };
  }
  const results: any[] = result.results ?? [];
  if (results.length === 0)
    return {
      verified: false,
      check: proofUncheckable(errorMessage(result.error)),
    };
  const failed = results.filter((r) => !r.verified);
  if (failed.length > 0) {
    const reasons = failed.map((r): CheckDetail => {
      const msg = errorMessage(r.error ?? r.purposeResult?.error);
      const label = proofLabel(r.proof);
      return /invalid signature|signature/i.test(msg) || msg === 'unknown error'
        ? {
            code: 'proofMismatchOne',
            params: { proof: label },
            message: `${label}: the signature does not match — the credential was changed after signing or signed with another key`,
          }
        : /issuer must match the verification method controller/i.test(msg)
          ? { code: 'proofIssuerNotController', params: { proof: label }, message: `${label}: ${msg}` }
          : { code: 'proofErrorOne', params: { proof: label, reason: msg }, message: `${label}: ${msg}` };
    });
    const mismatch = reasons.every((r) => r.code === 'proofMismatchOne');
    const message = reasons.map((r) => r.message).join('; ');
    return {
      verified: false,
      check: mismatch
        ? { check: 'proof', status: 'failed', message, code: 'signatureMismatch' }
        : { check: 'proof', status: 'failed', message, code: 'proofFailed', params: { which: message }, details: reasons },
    };
  }
  const labels = results.map((r) => proofLabel(r.proof));
  const legacyOnly = results.every((r) => LEGACY_PROOFS.has(r.proof.type) || LEGACY_PROOFS.has(r.proof.cryptosuite));
  if (legacyOnly) {
    return {
      verified: true,
      check: {
        check: 'proof',
        status: 'warning',
        message: `Signature verified, but with a legacy proof type (${labels.join(', ')}); eddsa-rdfc-2022 is current`,
        code: 'legacyProof',
        params: { proofs: labels.join(', ') },
      },
    };
  }
  return {
    verified: true,
    check: {
      check: 'proof',
      status: 'ok',
      message: `Signature verified: ${labels.join(', ')}`,
      code: 'signatureVerified',
      params: { proofs: labels.join(', ') },
    },
  };
}

/**
 * The verification method `<issuer id>#<Ed25519 multibase key>` (the form the OB 3.0 spec's own
 * example and the 1EdTech validator use): documents that let the proof libraries read it.
 */
function embeddedKeyDocuments(issuerId: string | undefined, vmIds: string[]): Map<string, unknown> {
  const docs = new Map<string, unknown>();
  if (!issuerId || issuerId.startsWith('did:')) return docs;
  const own = vmIds.filter((vm) => vm.startsWith(`${issuerId}#`) && isEd25519Multibase(vm.slice(issuerId.length + 1)));
  if (own.length === 0) return docs;
  for (const vm of own) {
    docs.set(vm, {
      '@context': MULTIKEY_V1,
      id: vm,
      type: 'Multikey',
      controller: issuerId,
      publicKeyMultibase: vm.slice(issuerId.length + 1),
    });
  }
  docs.set(issuerId, { '@context': [DID_V1, MULTIKEY_V1], id: issuerId, assertionMethod: own });
  return docs;
}

/** Whether an issuer id can publish keys (a DID or a web URL), so that its keys must be its own. */
function publishesKeys(issuerId: string): boolean {
  return /^(did:|https?:\/\/)/i.test(issuerId);
}

function relationIncludes(doc: Json, relation: string, vmId: string): boolean {
  const base = vmId.slice(0, vmId.indexOf('#'));
  return asArray(doc?.[relation]).some((entry) => {
    const id = idOf(entry);
    return id === vmId || (id?.startsWith('#') && `${base}${id}` === vmId);
  });
}

async function checkIssuerKey(
  issuerId: string | undefined,
  vmIds: string[],
  loader: DocumentLoader,
  embedded: Set<string>,
): Promise<{ check: Check; vms: Map<string, Json> }> {
  const vms = new Map<string, Json>();
  if (!issuerId)
    return { vms, check: { check: 'issuer-key', status: 'failed', message: 'The credential names no issuer', code: 'noIssuer' } };
  if (vmIds.length === 0)
    return {
      vms,
      check: {
        check: 'issuer-key',
        status: 'failed',
        message: 'The proof names no verification method (key)',
        code: 'noVerificationMethod',
      },
    };
  const notes: CheckDetail[] = [];
  let warning = false;
  for (const vmId of vmIds) {
    let vm: Json;
    try {
      vm = (await loader(vmId)).document;
    } catch (error) {
      return {
        vms,
        check: {
          check: 'issuer-key',
          status: 'failed',
          message: `The issuer's key ${vmId} could not be resolved: ${errorMessage(error)}`,
          code: 'keyUnresolvable',
          params: { key: vmId, reason: errorMessage(error) },
        },
      };
    }
    vms.set(vmId, vm);
    const controller = idOf(vm.controller) ?? vmId.split('#')[0];
    if (controller !== issuerId && !publishesKeys(issuerId)) {
      warning = true;
      notes.push({
        code: 'keyNotTied',
        params: { key: vmId, issuer: issuerId, controller },
        message: `${vmId}: the issuer ${issuerId} is not a DID or URL that can publish keys, so the key (controlled by ${controller}) cannot be tied to it; the 1EdTech validator accepts this, Vaardig warns`,
      });
    } else if (controller !== issuerId) {
      return {
        vms,
        check: {
          check: 'issuer-key',
          status: 'failed',
          message: `The key ${vmId} is controlled by ${controller}, not by the issuer ${issuerId}`,
          code: 'keyNotIssuers',
          params: { key: vmId, controller, issuer: issuerId },
        },
      };
    }
    let controllerDoc: Json;
    try {
      controllerDoc = (await loader(controller)).document;
    } catch (error) {
      return {
        vms,
        check: {
          check: 'issuer-key',
          status: 'failed',
          message: `The issuer's DID document ${controller} could not be resolved: ${errorMessage(error)}`,
          code: 'issuerDocumentUnresolvable',
          params: { controller, reason: errorMessage(error) },
        },
      };
    }
    if (!relationIncludes(controllerDoc, 'assertionMethod', vmId)) {
      return {
        vms,
        check: {
          check: 'issuer-key',
          status: 'failed',
          message: `The key ${vmId} is not listed for issuing (assertionMethod) in ${controller}`,
          code: 'keyNotForIssuing',
          params: { key: vmId, controller },
        },
      };
    }
    if (controller !== issuerId) {
      // noted above
    } else if (embedded.has(vmId)) {
      warning = true;
      notes.push({
        code: 'keyEmbedded',
        params: { key: vmId, issuer: issuerId },
        message: `${vmId}: the Ed25519 key is written in the key id under the issuer's URL; this proves who signed, not that ${issuerId} publishes this key`,
      });
    } else if (issuerId.startsWith('did:key:'))
      notes.push({ code: 'keyDidKey', params: { key: vmId }, message: `${vmId}: did:key (the key is the identifier)` });
    else if (issuerId.startsWith('did:web:'))
      notes.push({
        code: 'keyDidWeb',
        params: { key: vmId, issuer: issuerId },
        message: `${vmId}: listed in the did:web document of ${issuerId}`,
      });
    else notes.push({ code: 'keyListed', params: { key: vmId, issuer: issuerId }, message: `${vmId}: listed by ${issuerId}` });
  }
  const message = notes.map((n) => n.message).join('; ');
  return {
    vms,
    check: {
      check: 'issuer-key',
      status: warning ? 'warning' : 'ok',
      message,
      code: 'issuerKeys',
      params: { which: message },
      details: notes,
    },
  };
}

/**
 * Loads a status or revocation list. A list that is not known locally while fetching is off is a
 * warning (the status is unknown, not bad); one that cannot be loaded at all fails the check.
 */
async function loadStatusDocument(
  loader: DocumentLoader,
  url: string,
  what: 'status list' | 'revocation list',
): Promise<{ document: Json } | Check> {
  try {
    return { document: (await loader(url)).document };
  } catch (error) {
    const msg = errorMessage(error);
    if (/not allowed/.test(msg))
      return {
        check: 'status',
        status: 'warning',
        message: `Revocation status not checked: the ${what} ${url} is not known locally and fetching is not allowed`,
        code: what === 'status list' ? 'statusListOffline' : 'revocationListOffline',
        params: { list: url },
      };
    return {
      check: 'status',
      status: 'failed',
      message: `The ${what} ${url} could not be loaded: ${msg}`,
      code: what === 'status list' ? 'statusListUnloadable' : 'revocationListUnloadable',
      params: { list: url, reason: msg },
    };
  }
}

/**
 * The fast lane's memory of status lists (docs/decisions/011-fast-lane.md): a list document the
 * local resolver hands out again (the same object, until the list changes or its cache time ends)
 * is verified and decoded once. Keyed by the object itself, so a changed list is a new entry.
 */
const listProofs = new WeakMap<object, Promise<LdProofOutcome>>();
const listBits = new WeakMap<object, Promise<{ length: number; getStatus(index: number): boolean }>>();

function listProof(list: Json, loader: DocumentLoader, fast: boolean): Promise<LdProofOutcome> {
  if (!fast) return verifyLinkedDataProofs(list, loader);
  let pending = listProofs.get(list);
  if (!pending) {
    pending = verifyLinkedDataProofs(list, loader, { fast: true });
    listProofs.set(list, pending);
    // Only a verified list is remembered: a failure is looked at again next time.
    pending.then((outcome) => outcome.verified || listProofs.delete(list)).catch(() => listProofs.delete(list));
  }
  return pending;
}

function listDecoded(list: Json, encoded: string, fast: boolean) {
  const decode = () => decodeList({ encodedList: encoded.startsWith('u') ? encoded : `u${encoded}` });
  if (!fast) return decode();
  let pending = listBits.get(list);
  if (!pending) {
    pending = decode();
    listBits.set(list, pending);
    pending.catch(() => listBits.delete(list));
  }
  return pending;
}

async function checkBitstringEntry(
  entry: Json,
  credential: Json,
  loader: DocumentLoader,
  now: Date,
  legacy: boolean,
  known: (issuerId: string | undefined) => boolean,
): Promise<Check> {
  const listUrl = entry.statusListCredential;
  const index = Number.parseInt(String(entry.statusListIndex), 10);
  const kind = legacy ? 'StatusList2021' : 'Bitstring Status List';
  if (typeof listUrl !== 'string' || !Number.isInteger(index) || index < 0) {
    return {
      check: 'status',
      status: 'failed',
      message: `The ${kind} entry needs statusListCredential and a whole statusListIndex`,
      code: 'statusEntryIncomplete',
      params: { kind },
    };
  }
  const loaded = await loadStatusDocument(loader, listUrl, 'status list');
  if ('check' in loaded) return loaded;
  const list = loaded.document;
  const listType = legacy ? 'StatusList2021Credential' : 'BitstringStatusListCredential';
  if (!asArray(list.type).includes(listType))
    return {
      check: 'status',
      status: 'failed',
      message: `The status list ${listUrl} is not a ${listType}`,
      code: 'statusListWrongType',
      params: { list: listUrl, type: listType },
    };
  const subject = list.credentialSubject ?? {};
  if (subject.type !== (legacy ? 'StatusList2021' : 'BitstringStatusList'))
    return {
      check: 'status',
      status: 'failed',
      message: `The status list ${listUrl} has credentialSubject of type ${String(subject.type)}`,
      code: 'statusListWrongSubject',
      params: { list: listUrl, type: String(subject.type).slice(0, 100) },
    };
  const purpose = String(entry.statusPurpose ?? '');
  if (subject.statusPurpose !== purpose)
    return {
      check: 'status',
      status: 'failed',
      message: `The status list ${listUrl} is for "${subject.statusPurpose}", not "${purpose}"`,
      code: 'statusListWrongPurpose',
      params: { list: listUrl, listPurpose: String(subject.statusPurpose).slice(0, 100), purpose: purpose.slice(0, 100) },
    };
  const fast = known(idOf(list.issuer));
  const proof = await listProof(list, loader, fast);
  if (!proof.verified)
    return {
      check: 'status',
      status: 'failed',
      message: `The status list ${listUrl} is not genuine: ${proof.check.message}`,
      code: 'statusListNotGenuine',
      params: { list: listUrl, which: proof.check.message },
      details: detailsOf(proof.check),
    };
  const validity = checkValidity(list.validFrom ?? list.issuanceDate, list.validUntil ?? list.expirationDate, now);
  if (validity.status === 'failed')
    return {
      check: 'status',
      status: 'failed',
      message: `The status list ${listUrl} cannot be used: ${validity.message}`,
      code: 'statusListUnusable',
      params: { list: listUrl, which: validity.message },
      details: detailsOf(validity),
    };
  // statusSize (Bitstring Status List v1.0): bits per entry, read most significant first at index × size.
  const size = legacy || entry.statusSize === undefined ? 1 : Number(entry.statusSize);
  if (!Number.isInteger(size) || size < 1 || size > 8)
    return {
      check: 'status',
      status: 'failed',
      message: `statusSize ${String(entry.statusSize).slice(0, 20)} is not a whole number of 1 to 8 bits`,
      code: 'statusSizeInvalid',
      params: { size: String(entry.statusSize).slice(0, 20) },
    };
  let value = 0;
  try {
    const decoded = await listDecoded(list, String(subject.encodedList ?? ''), fast);
    if ((index + 1) * size > decoded.length)
      return {
        check: 'status',
        status: 'failed',
        message: `statusListIndex ${index} is outside the status list ${listUrl} (${Math.floor(decoded.length / size)} entries)`,
        code: 'statusIndexOutside',
        params: { index, list: listUrl, entries: Math.floor(decoded.length / size) },
      };
    for (let bit = 0; bit < size; bit++) value = value * 2 + (decoded.getStatus(index * size + bit) ? 1 : 0);
  } catch (error) {
    return {
      check: 'status',
      status: 'failed',
      message: `The status list ${listUrl} cannot be decoded: ${errorMessage(error)}`,
      code: 'statusListUndecodable',
      params: { list: listUrl, reason: errorMessage(error) },
    };
  }
  // A list signed by another than the credential's issuer: its good news says so.
  const signer = idOf(list.issuer) !== idOf(credential.issuer) ? String(idOf(list.issuer)) : undefined;
  if (purpose === 'message') return messageStatus(entry, value, listUrl, index, signer);
  if (!value)
    return signedBy(signer, {
      check: 'status',
      status: 'ok',
      message: `Not ${purpose === 'suspension' ? 'suspended' : purpose === 'revocation' ? 'revoked' : `flagged for ${purpose}`} (${listUrl}, index ${index})`,
      code: purpose === 'suspension' ? 'notSuspended' : purpose === 'revocation' ? 'notRevoked' : 'notFlagged',
      params: { list: listUrl, index, purpose },
    });
  if (purpose === 'revocation') return revokedCheck(listUrl, index);
  if (purpose === 'suspension') return suspendedCheck(listUrl, index);
  return {
    check: 'status',
    status: 'warning',
    message: `The status list ${listUrl} sets "${purpose}" for this credential (index ${index})`,
    code: 'statusFlagged',
    params: { list: listUrl, purpose: purpose.slice(0, 100), index },
  };
}

/** A status check from a list that another than the credential's issuer signed: the check, with a note naming the signer. */
function signedBy(signer: string | undefined, check: Check): Check {
  if (!signer) return check;
  return {
    ...check,
    message: `${check.message} (the list is signed by ${signer}, not the credential's issuer)`,
    code: 'statusListOtherSigner',
    params: { which: check.message, signer },
    details: [detailOf(check)],
  };
}

/** A check as one coded part of another check's message. */
const detailOf = (check: Check): CheckDetail => ({ code: check.code, params: check.params ?? {}, message: check.message });
/** The coded parts of a check that goes inside another's message: its own parts when it has them, else itself. */
const detailsOf = (check: Check): CheckDetail[] => check.details ?? [detailOf(check)];
/** A proof that could not be checked at all (the proof library's reason, in its English). */
const proofUncheckable = (reason: string): Check => ({
  check: 'proof',
  status: 'failed',
  message: `The proof could not be checked: ${reason}`,
  code: 'proofUncheckable',
  params: { reason },
});

const revokedCheck = (list: string, index: number): Check => ({
  check: 'status',
  status: 'failed',
  message: `Revoked by the issuer (status list ${list}, index ${index})`,
  code: 'revoked',
  params: { list, index },
});
const suspendedCheck = (list: string, index: number): Check => ({
  check: 'status',
  status: 'failed',
  message: `Suspended by the issuer (status list ${list}, index ${index})`,
  code: 'suspended',
  params: { list, index },
});

/**
 * A `statusPurpose: "message"` entry: the entry's statusMessage says what the value means. A message
 * "revoked" or "suspended" fails the check as those purposes do (Vaardig's state list for suspendable
 * badges, decision 012), "valid" or value 0 passes, any other message is shown as a warning.
 */
function messageStatus(entry: Json, value: number, list: string, index: number, signer: string | undefined): Check {
  const hex = `0x${value.toString(16)}`;
  const found = asArray<Json>(entry.statusMessage).find(
    (m) => typeof m?.status === 'string' && Number.parseInt(m.status, 16) === value && /^0x[0-9a-f]+$/i.test(m.status),
  );
  const message = typeof found?.message === 'string' ? found.message.trim() : '';
  const word = message.toLowerCase();
  if (word === 'revoked') return revokedCheck(list, index);
  if (word === 'suspended') return suspendedCheck(list, index);
  if (word === 'valid' || (value === 0 && !message))
    return signedBy(signer, {
      check: 'status',
      status: 'ok',
      message: `Not revoked or suspended (${list}, index ${index})`,
      code: 'notRevokedOrSuspended',
      params: { list, index },
    });
  return signedBy(signer, {
    check: 'status',
    status: 'warning',
    message: `The status list ${list} gives this credential status ${hex}${message ? `: "${message.slice(0, 200)}"` : ' (no statusMessage explains it)'} (index ${index})`,
    ...(message
      ? { code: 'statusMessage', params: { list, status: hex, message: message.slice(0, 200), index } }
      : { code: 'statusMessageUnexplained', params: { list, status: hex, index } }),
  });
}

async function check1EdTechRevocationList(entry: Json, credential: Json, loader: DocumentLoader): Promise<Check> {
  const url = entry.id;
  const loaded = await loadStatusDocument(loader, url, 'revocation list');
  if ('check' in loaded) return loaded;
  const list = loaded.document;
  const revoked = asArray<Json>(list.revokedCredentials).find((r) => idOf(r) === credential.id);
  if (revoked)
    return {
      check: 'status',
      status: 'failed',
      message: `Revoked by the issuer${revoked.revocationReason ? `: ${revoked.revocationReason}` : ''} (1EdTech revocation list ${url})`,
      ...(revoked.revocationReason
        ? { code: 'revokedOnListBecause', params: { list: url, reason: String(revoked.revocationReason).slice(0, 200) } }
        : { code: 'revokedOnList', params: { list: url } }),
    };
  return {
    check: 'status',
    status: 'ok',
    message: `Not on the issuer's revocation list (${url})`,
    code: 'notOnRevocationList',
    params: { list: url },
  };
}

async function checkStatus(
  credential: Json,
  loader: DocumentLoader,
  now: Date,
  known: (issuerId: string | undefined) => boolean,
): Promise<Check> {
  const entries = asArray<Json>(credential.credentialStatus);
  if (entries.length === 0)
    return {
      check: 'status',
      status: 'ok',
      message: 'The credential carries no status (it cannot be revoked or suspended)',
      code: 'noStatus',
    };
  const checks: Check[] = [];
  for (const entry of entries) {
    if (entry.type === 'BitstringStatusListEntry') checks.push(await checkBitstringEntry(entry, credential, loader, now, false, known));
    else if (entry.type === 'StatusList2021Entry') checks.push(await checkBitstringEntry(entry, credential, loader, now, true, known));
    else if (entry.type === '1EdTechRevocationList') checks.push(await check1EdTechRevocationList(entry, credential, loader));
    else
      checks.push({
        check: 'status',
        status: 'warning',
        message: `Status of type "${String(entry.type)}" is not understood and was not checked`,
        code: 'statusTypeUnknown',
        params: { type: String(entry.type).slice(0, 100) },
      });
  }
  const status = checks.some((c) => c.status === 'failed') ? 'failed' : checks.some((c) => c.status === 'warning') ? 'warning' : 'ok';
  const relevant = status === 'ok' ? checks : checks.filter((c) => c.status === status);
  if (relevant.length === 1) return { ...relevant[0], status };
  const message = relevant.map((c) => c.message).join('; ');
  return { check: 'status', status, message, code: 'statusSeveral', params: { which: message }, details: relevant.map(detailOf) };
}

/**
 * The `context` check: the first @context is the W3C credentials context, an Open Badges 3.0
 * credential names a published OB 3.0 context, and every other context is bundled (or may be
 * fetched). A credential that fails it is invalid, with the reason; its proof is not checked.
 */
function checkContext(credential: Json, allowNetwork: boolean): Check {
  const contexts = asArray(credential['@context']);
  if (contexts.length === 0) return { check: 'context', status: 'failed', message: 'The credential has no @context', code: 'noContext' };
  if (!VC_CONTEXTS.includes(contexts[0]))
    return {
      check: 'context',
      status: 'failed',
      message: `The first @context is ${JSON.stringify(String(contexts[0])).slice(0, 120)}, not the W3C credentials context ${VC_CONTEXTS[0]}`,
      code: 'contextFirstWrong',
      params: { first: JSON.stringify(String(contexts[0])).slice(0, 120), expected: VC_CONTEXTS[0] },
    };
  const urls = contexts.filter((c): c is string => typeof c === 'string');
  if (asArray(credential.type).some((t) => OB3_TYPES.includes(t))) {
    const ob = urls.filter((c) => c.startsWith(OB3_CONTEXT_PREFIX));
    if (ob.length === 0)
      return {
        check: 'context',
        status: 'failed',
        message: `The Open Badges 3.0 context (${OB_V3_CONTEXT}) is missing from @context`,
        code: 'obContextMissing',
        params: { context: OB_V3_CONTEXT },
      };
    const unknownOb = ob.find((c) => bundledContext(c) === undefined);
    if (unknownOb)
      return {
        check: 'context',
        status: 'failed',
        message: `${unknownOb.slice(0, 200)} is not a published Open Badges 3.0 context (such as ${OB_V3_CONTEXT})`,
        code: 'obContextUnknown',
        params: { context: unknownOb.slice(0, 200), example: OB_V3_CONTEXT },
      };
  }
  const unknown = urls.find((c) => bundledContext(c) === undefined);
  if (unknown && !allowNetwork)
    return {
      check: 'context',
      status: 'failed',
      message: `The @context ${unknown.slice(0, 200)} is not known here and fetching is not allowed, so the credential cannot be read`,
      code: 'contextUnknownOffline',
      params: { context: unknown.slice(0, 200) },
    };
  return { check: 'context', status: 'ok', message: `The @context is right: ${urls.slice(0, 3).join(', ')}`, code: 'contextOk' };
}

// ---------------------------------------------------------------- VC-JWT and OB 2.0 keys

async function jwkFromVerificationMethod(vm: Json): Promise<JWK | undefined> {
  if (vm.publicKeyJwk) return vm.publicKeyJwk;
  if (typeof vm.publicKeyMultibase === 'string' && isEd25519Multibase(vm.publicKeyMultibase))
    return ed25519PublicJwk(vm.publicKeyMultibase);
  return undefined;
}

async function verifyJwtProof(parsed: ParsedInput, loader: DocumentLoader, embedded: Set<string>, checks: Check[]): Promise<boolean> {
  const jwt = parsed.jwt as string;
  const header = decodeProtectedHeader(jwt);
  const payload = decodeJwtPart(jwt.split('.')[1]);
  const credential = parsed.credential;
  const issuerId = idOf(credential.issuer) ?? payload.iss;
  const alg = String(header.alg ?? '');
  if (!['EdDSA', 'RS256', 'ES256'].includes(alg)) {
    checks.push({ check: 'issuer-key', status: 'skipped', message: 'The key was not looked up', code: 'keyNotLookedUp' });
    checks.push({
      check: 'proof',
      status: 'failed',
      message: `Unsupported JWS algorithm "${alg}" (EdDSA, RS256 and ES256 are)`,
      code: 'jwsAlgorithmUnsupported',
      params: { alg: alg.slice(0, 40) },
    });
    return false;
  }
  let key: JWK | undefined;
  const kid =
    typeof header.kid === 'string' ? (header.kid.startsWith('#') && issuerId ? `${issuerId}${header.kid}` : header.kid) : undefined;
  if (kid) {
    const { check, vms } = await checkIssuerKey(issuerId, [kid], loader, embedded);
    checks.push(check);
    const vm = vms.get(kid);
    if (vm && check.status !== 'failed') key = await jwkFromVerificationMethod(vm);
    if (vm && !key && check.status !== 'failed')
      checks[checks.length - 1] = {
        check: 'issuer-key',
        status: 'failed',
        message: `The key ${kid} has no publicKeyJwk or Ed25519 publicKeyMultibase`,
        code: 'keyUnreadable',
        params: { key: kid },
      };
  } else if (header.jwk) {
    key = header.jwk as JWK;
    checks.push({
      check: 'issuer-key',
      status: 'warning',
      message: 'The JWS carries its own key (jwk header) and no kid: this proves who signed, not that the issuer publishes this key',
      code: 'jwsOwnKey',
    });
  } else {
    checks.push({ check: 'issuer-key', status: 'failed', message: 'The JWS names no key (no kid or jwk header)', code: 'jwsNoKey' });
  }
  if (!key) {
    checks.push(PROOF_NEEDS_KEY);
    return false;
  }
  try {
    await compactVerify(jwt, await importJWK(key, alg), { algorithms: [alg] });
  } catch (error) {
    checks.push({
      check: 'proof',
      status: 'failed',
      message: `VC-JWT (${alg}): the signature does not match — the credential was changed after signing or signed with another key (${errorMessage(error)})`,
      code: 'jwtSignatureMismatch',
      params: { alg, reason: errorMessage(error) },
    });
    return false;
  }
  const mismatches: CheckDetail[] = [];
  const claim = (name: string, value: unknown, expected: unknown, what: string) =>
    mismatches.push({
      code: 'jwtClaimMismatch',
      params: { claim: name, value: String(value).slice(0, 200), expected: String(expected).slice(0, 200) },
      message: `${name} (${value}) is not the ${what} ${expected}`,
    });
  if (payload.iss !== undefined && issuerId && payload.iss !== issuerId) claim('iss', payload.iss, issuerId, 'issuer');
  if (payload.jti !== undefined && credential.id && payload.jti !== credential.id)
    claim('jti', payload.jti, credential.id, 'credential id');
  const subjectId = asArray<Json>(credential.credentialSubject)[0]?.id;
  if (payload.sub !== undefined && subjectId && payload.sub !== subjectId) claim('sub', payload.sub, subjectId, 'subject');
  if (mismatches.length) {
    const which = mismatches.map((m) => m.message).join('; ');
    checks.push({
      check: 'proof',
      status: 'failed',
      message: `VC-JWT claims disagree with the credential: ${which}`,
      code: 'jwtClaimsDisagree',
      params: { which },
      details: mismatches,
    });
    return false;
  }
  checks.push({ check: 'proof', status: 'ok', message: `VC-JWT signature verified (${alg})`, code: 'jwtVerified', params: { alg } });
  return true;
}

const PROOF_NEEDS_KEY: Check = {
  check: 'proof',
  status: 'skipped',
  message: 'Without the issuer key the signature cannot be checked',
  code: 'proofNeedsKey',
};

/** An OB 2.0 assertion revoked by its issuer, with the issuer's reason (its words, in its language) when it gives one. */
function ob2Revoked(reason: unknown): Check {
  return reason
    ? {
        check: 'status',
        status: 'failed',
        message: `Revoked by the issuer: ${reason}`,
        code: 'revokedBecause',
        params: { reason: String(reason).slice(0, 200) },
      }
    : { check: 'status', status: 'failed', message: 'Revoked by the issuer', code: 'revokedByIssuer' };
}

async function verifyOb2(
  parsed: ParsedInput,
  loader: DocumentLoader,
  options: VerifyOptions,
  now: Date,
  checks: Check[],
): Promise<boolean> {
  const a = parsed.credential;
  checks.push({
    check: 'schema',
    status: 'skipped',
    message: 'Open Badges 2.0 assertion: the OB 3.0 schema does not apply',
    code: 'schemaOb2',
  });
  let proofOk = false;
  if (parsed.format === 'ob2-jws') {
    const header = decodeProtectedHeader(parsed.jwt as string);
    const creator = a.verification?.creator;
    if (typeof creator !== 'string') {
      checks.push({
        check: 'issuer-key',
        status: 'failed',
        message: 'The signed assertion names no key (verification.creator)',
        code: 'ob2NoCreator',
      });
      checks.push(PROOF_NEEDS_KEY);
    } else {
      let keyDoc: Json | undefined;
      try {
        keyDoc = (await loader(creator)).document;
      } catch (error) {
        const msg = errorMessage(error);
        checks.push(
          /not allowed/.test(msg)
            ? {
                check: 'issuer-key',
                status: 'skipped',
                message: `The issuer's key ${creator} is not available offline; allow fetching to check it`,
                code: 'keyOffline',
                params: { key: creator },
              }
            : {
                check: 'issuer-key',
                status: 'failed',
                message: `The issuer's key ${creator} could not be loaded: ${msg}`,
                code: 'keyUnloadable',
                params: { key: creator, reason: msg },
              },
        );
      }
      if (keyDoc && typeof keyDoc.publicKeyPem === 'string') {
        checks.push({
          check: 'issuer-key',
          status: 'ok',
          message: `Key ${creator}${keyDoc.owner ? ` of ${keyDoc.owner}` : ''}`,
          ...(keyDoc.owner
            ? { code: 'ob2KeyOf', params: { key: creator, owner: String(keyDoc.owner) } }
            : { code: 'ob2Key', params: { key: creator } }),
        });
        try {
          await compactVerify(parsed.jwt as string, await importSPKI(keyDoc.publicKeyPem, String(header.alg ?? 'RS256')), {
            algorithms: ['RS256'],
          });
          checks.push({ check: 'proof', status: 'ok', message: 'OB 2.0 signed assertion verified (JWS RS256)', code: 'ob2Verified' });
          proofOk = true;
        } catch (error) {
          checks.push({
            check: 'proof',
            status: 'failed',
            message: `OB 2.0 signed assertion: the signature does not match (${errorMessage(error)})`,
            code: 'ob2SignatureMismatch',
            params: { reason: errorMessage(error) },
          });
        }
      } else {
        if (keyDoc)
          checks.push({
            check: 'issuer-key',
            status: 'failed',
            message: `${creator} is not a CryptographicKey with publicKeyPem`,
            code: 'ob2NotAKey',
            params: { key: creator },
          });
        checks.push(PROOF_NEEDS_KEY);
      }
    }
  } else {
    // Hosted: genuine when the issuer serves the same assertion at its id.
    const url = a.verify?.url ?? a.id;
    checks.push({
      check: 'issuer-key',
      status: 'skipped',
      message: 'A hosted OB 2.0 assertion has no key; it is checked by fetching it from the issuer',
      code: 'hostedNoKey',
    });
    if (!options.allowNetwork) {
      checks.push({
        check: 'proof',
        status: 'skipped',
        message: `Hosted OB 2.0 assertions are verified by fetching them from the issuer (${url}); fetching is not allowed`,
        code: 'hostedNeedsFetching',
        params: { url: String(url) },
      });
    } else {
      try {
        const hosted = (await loader(String(url))).document;
        proofOk =
          hosted?.id === a.id && JSON.stringify(hosted.recipient) === JSON.stringify(a.recipient) && idOf(hosted.badge) === idOf(a.badge);
        checks.push(
          proofOk
            ? {
                check: 'proof',
                status: 'ok',
                message: `The issuer serves the same assertion at ${url}`,
                code: 'hostedSame',
                params: { url: String(url) },
              }
            : {
                check: 'proof',
                status: 'failed',
                message: `The assertion at ${url} differs from the one given`,
                code: 'hostedDiffers',
                params: { url: String(url) },
              },
        );
      } catch (error) {
        checks.push({
          check: 'proof',
          status: 'failed',
          message: `The hosted assertion ${url} could not be fetched: ${errorMessage(error)}`,
          code: 'hostedUnfetchable',
          params: { url: String(url), reason: errorMessage(error) },
        });
      }
    }
  }
  checks.push(checkValidity(undefined, a.expires, now));
  if (a.revoked === true) checks.push(ob2Revoked(a.revocationReason));
  else {
    const issuer = isObject(a.badge) ? a.badge.issuer : undefined;
    const listUrl = isObject(issuer) ? issuer.revocationList : undefined;
    if (!listUrl)
      checks.push({
        check: 'status',
        status: 'skipped',
        message: 'No revocation list is known for this OB 2.0 issuer offline',
        code: 'ob2NoRevocationList',
      });
    else {
      try {
        const list = (await loader(listUrl)).document;
        const hit = asArray<Json>(list.revokedAssertions).find((r) =>
          typeof r === 'string' ? r === a.id || r === a.uid : r.id === a.id || r.uid === a.uid,
        );
        checks.push(
          hit
            ? ob2Revoked(typeof hit === 'object' ? hit.revocationReason : undefined)
            : {
                check: 'status',
                status: 'ok',
                message: `Not on the issuer's revocation list (${listUrl})`,
                code: 'notOnRevocationList',
                params: { list: String(listUrl) },
              },
        );
      } catch (error) {
        checks.push({
          check: 'status',
          status: 'skipped',
          message: `The revocation list ${listUrl} could not be loaded: ${errorMessage(error)}`,
          code: 'revocationListUnloadable',
          params: { list: String(listUrl), reason: errorMessage(error) },
        });
      }
    }
  }
  return proofOk;
}

// ---------------------------------------------------------------- the service

/**
 * Verifies a credential and reports check by check. Input: a JSON object or JSON text, a compact
 * JWS/JWT (VC-JWT or OB 2.0 signed assertion), a baked PNG/SVG (Buffer, or SVG text), or a URL
 * (only with allowNetwork). Nothing is fetched unless `allowNetwork` is true.
 * Throws UnusableInputError when the input is not a credential at all.
 */
export async function verifyCredential(input: unknown, options: VerifyOptions = {}): Promise<Verdict> {
  const ms = options.timeoutMs ?? VERIFY_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UnusableInputError(E.verifyTimeout, { seconds: Math.ceil(ms / 1000) })), ms);
  });
  try {
    return await Promise.race([verifyWithoutDeadline(input, options), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The endorsements a credential carries: its own, its achievement's and its issuer's (OB 3.0 `endorsement`), at most 20. */
function embeddedEndorsements(credential: Json): Json[] {
  const subject = asArray<Json>(credential.credentialSubject)[0];
  const achievement = subject && typeof subject.achievement === 'object' ? (subject.achievement as Json) : undefined;
  const issuer = credential.issuer && typeof credential.issuer === 'object' ? (credential.issuer as Json) : undefined;
  return [...asArray<Json>(credential.endorsement), ...asArray<Json>(achievement?.endorsement), ...asArray<Json>(issuer?.endorsement)]
    .filter((e) => e && typeof e === 'object' && !Array.isArray(e))
    .slice(0, 20);
}

/**
 * The `endorsement` check: every endorsement the credential carries is verified as a credential of
 * its own (signature, issuer key, dates, status). One that does not verify — revoked by its
 * endorser, say — is a warning, not a failure: the credential itself is as valid as it was.
 * Endorsements inside endorsements are not followed.
 */
async function checkEndorsements(credential: Json, options: VerifyOptions): Promise<Check | null> {
  const endorsements = embeddedEndorsements(credential);
  if (endorsements.length === 0) return null;
  const problems: CheckDetail[] = [];
  for (const [i, endorsement] of endorsements.entries()) {
    // The endorser as the endorsement names it (its name, else its id), else its place in the list.
    const issuer = endorsement.issuer && typeof endorsement.issuer === 'object' ? (endorsement.issuer as Json) : undefined;
    const name = (typeof issuer?.name === 'string' && issuer.name) || idOf(endorsement.issuer) || `#${i + 1}`;
    try {
      const verdict = await verifyWithoutDeadline(endorsement, { ...options, recipientEmail: undefined }, false);
      const failed = verdict.checks.find((c) => c.status === 'failed');
      if (verdict.valid) continue;
      if (failed?.check === 'status')
        problems.push({ code: 'endorsementRevoked', params: { name }, message: `${name}: revoked or suspended` });
      else {
        const check = failed?.check ?? 'proof';
        problems.push({
          code: 'endorsementCheckFailed',
          params: { name, check: `credentials:verify.checks.${check}` },
          message: `${name}: ${check} failed`,
        });
      }
    } catch (error) {
      const reason = error instanceof AppError ? error.code : 'credentials:verify.messages.unexpectedError';
      problems.push({
        code: 'endorsementUnusable',
        params: { ...(error instanceof AppError ? (error.params as Record<string, string | number>) : {}), name, reason },
        message: `${name}: ${(error as Error).message}`,
      });
    }
  }
  const total = endorsements.length;
  if (problems.length === 0)
    return { check: 'endorsement', status: 'ok', message: `${total} endorsement(s) verified`, code: 'endorsementsOk', params: { total } };
  const which = problems.map((p) => p.message).join('; ');
  return {
    check: 'endorsement',
    status: 'warning',
    message: `${problems.length} of ${total} endorsement(s) do not verify: ${which}`,
    code: 'endorsementsInvalid',
    params: { count: problems.length, total, which },
    details: problems,
  };
}

async function verifyWithoutDeadline(input: unknown, options: VerifyOptions, followEndorsements = true): Promise<Verdict> {
  const parsed = await readInput(input, options);
  const now = options.now ?? new Date();
  const credential = parsed.credential;
  const checks: Check[] = [];

  const proofs = asArray<Json>(credential.proof);
  const issuerId = idOf(credential.issuer);
  const vmIds = [...new Set(proofs.map((p) => idOf(p.verificationMethod)).filter((v): v is string => !!v))];
  const jwtKid = parsed.jwt ? (decodeProtectedHeader(parsed.jwt).kid as string | undefined) : undefined;
  const embeddedDocs = embeddedKeyDocuments(issuerId, jwtKid ? [...vmIds, jwtKid] : vmIds);
  const extra = new Map<string, unknown>(
    options.documentLoaderOptions?.extraDocuments instanceof Map
      ? options.documentLoaderOptions.extraDocuments
      : Object.entries(options.documentLoaderOptions?.extraDocuments ?? {}),
  );
  for (const [url, doc] of embeddedDocs) if (!extra.has(url)) extra.set(url, doc);
  const embedded = new Set([...embeddedDocs.keys()].filter((k) => k.includes('#')));
  const loader = createDocumentLoader({
    ...options.documentLoaderOptions,
    extraDocuments: extra,
    allowNetwork: options.allowNetwork ?? false,
  });
  const owns = options.documentLoaderOptions?.resolveLocal?.owns;
  const lane = options.fastLane;
  const known = (id: string | undefined): boolean =>
    !!id && lane !== false && (typeof lane === 'function' ? lane(id) : lane === true || (owns?.(id) ?? false));

  let proofChecked = false;
  if (parsed.format === 'ob2-json' || parsed.format === 'ob2-jws') {
    proofChecked = await verifyOb2(parsed, loader, options, now, checks);
  } else {
    const { proof: _jwtHasNoProof, ...withoutProof } = credential;
    const context = checkContext(credential, options.allowNetwork ?? false);
    checks.push(context);
    checks.push(checkSchema(parsed.format === 'vc-jwt' ? withoutProof : credential, options.dataDir));
    if (parsed.format === 'vc-jwt') {
      proofChecked = await verifyJwtProof(parsed, loader, embedded, checks);
      const payload = decodeJwtPart((parsed.jwt as string).split('.')[1]);
      checks.push(
        checkValidity(
          credential.validFrom ?? credential.issuanceDate ?? payload.nbf,
          credential.validUntil ?? credential.expirationDate ?? payload.exp,
          now,
        ),
      );
    } else {
      const key = await checkIssuerKey(issuerId, vmIds, loader, embedded);
      checks.push(key.check);
      if (context.status === 'failed') {
        checks.push({
          check: 'proof',
          status: 'skipped',
          message: 'The proof cannot be checked without the right @context',
          code: 'proofNeedsContext',
        });
      } else {
        const proof = await verifyLinkedDataProofs(credential, loader, {
          issuerBound: !issuerId || publishesKeys(issuerId),
          fast: known(issuerId),
        });
        checks.push(proof.check);
        proofChecked = proof.verified;
      }
      checks.push(checkValidity(credential.validFrom ?? credential.issuanceDate, credential.validUntil ?? credential.expirationDate, now));
    }
    checks.push(
      proofChecked
        ? await checkStatus(credential, loader, now, known)
        : {
            check: 'status',
            status: 'skipped',
            message: 'Status is only checked for a credential whose proof verified',
            code: 'statusNeedsProof',
          },
    );
  }
  checks.push(checkRecipient(parsed, options.recipientEmail));
  if (followEndorsements && proofChecked && parsed.format !== 'ob2-json' && parsed.format !== 'ob2-jws') {
    const endorsements = await checkEndorsements(credential, options);
    if (endorsements) checks.push(endorsements);
  }

  const valid = proofChecked && !checks.some((c) => c.status === 'failed');
  return {
    valid,
    checks,
    format: parsed.format,
    source: parsed.source,
    credential,
    ...(parsed.jwt ? { jwt: parsed.jwt } : {}),
    ...summarise(parsed),
  };
}

export { BakingError };
