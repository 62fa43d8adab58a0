import { bundledContext, ED25519_2020_V1, MULTIKEY_V1, DID_V1 } from './index.ts';
import { DocumentNotFoundError, didWebUrl } from './did-web.ts';
import { safeFetchText } from './fetch.ts';

export { DocumentNotFoundError, didWebUrl };

/** What a JSON-LD document loader returns (the shape jsonld.js and @digitalbazaar/* expect). */
export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: any;
}
export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/**
 * Set on loaders made by `createDocumentLoader`: they answer every bundled context with the bundled
 * document, before anything else, so a shape prepared from the bundled contexts (proofs/prepared.ts)
 * means the same under them.
 */
const BUNDLED_FIRST = Symbol.for('vaardig.documentLoader.bundledFirst');

/** Whether a loader answers bundled contexts with the bundled documents (made by createDocumentLoader). */
export function isBundledFirst(loader: DocumentLoader): boolean {
  return (loader as unknown as Record<symbol, unknown>)[BUNDLED_FIRST] === true;
}

/**
 * Answers this instance's own documents (did:web documents, status lists) or undefined. `owns` tells
 * which URLs and DIDs are this instance's: their issuers are known, and the verifier takes the fast
 * lane for them (verification/verify.ts).
 */
export interface LocalResolver {
  (url: string): unknown | Promise<unknown>;
  owns?: (url: string) => boolean;
}

export interface DocumentLoaderOptions {
  /**
   * Documents by URL, served as they are: this instance's did:web documents and status-list
   * credentials, or in tests the local copies of published fixtures. Keys may be a DID
   * (did:web:example.org) or the https URL a did:web resolves to.
   */
  extraDocuments?: Record<string, unknown> | Map<string, unknown>;
  /**
   * Asked for every URL that is neither bundled nor in `extraDocuments`, before the network: the
   * issuing part answers this instance's own did:web documents and status lists from the database.
   * Returns the document, or undefined when the URL is not its own.
   */
  resolveLocal?: LocalResolver;
  /** Fetch other URLs from the internet (https, public addresses only). Default false: never fetch. */
  allowNetwork?: boolean;
  /** Origins exempt from the public-address rule (this instance's BASE_URL, for the CLI). */
  trustedOrigins?: string[];
  fetchTimeoutMs?: number;
  maxBytes?: number;
}

const ED25519_MULTIBASE = /^z6Mk[1-9A-HJ-NP-Za-km-z]{40,50}$/;

/** Whether a string looks like an Ed25519 public key in multibase (base58btc, multicodec 0xed). */
export function isEd25519Multibase(value: string): boolean {
  return ED25519_MULTIBASE.test(value);
}

/**
 * The DID document of an Ed25519 did:key, made offline (the key is in the DID). The document is
 * also the key itself, as a Multikey with publicKeyMultibase (type, controller, publicKeyMultibase
 * at the top, and the bare DID among its assertion methods): proofs whose verificationMethod is
 * the bare `did:key:z6Mk…` (as the 1EdTech validator's vectors have it) verify like those naming
 * `did:key:z6Mk…#z6Mk…`.
 */
export function didKeyDocument(did: string): Record<string, unknown> {
  const key = did.slice('did:key:'.length).split('#')[0];
  if (!isEd25519Multibase(key))
    throw new DocumentNotFoundError(did, `Only Ed25519 did:key identifiers (did:key:z6Mk...) can be resolved, not "${did}"`);
  const id = `did:key:${key}`;
  const vm = `${id}#${key}`;
  return {
    '@context': [DID_V1, MULTIKEY_V1],
    id,
    type: 'Multikey',
    controller: id,
    publicKeyMultibase: key,
    verificationMethod: [{ id: vm, type: 'Multikey', controller: id, publicKeyMultibase: key }],
    assertionMethod: [vm, id],
    authentication: [vm, id],
    capabilityInvocation: [vm],
    capabilityDelegation: [vm],
  };
}

const RELATIONS = [
  'verificationMethod',
  'assertionMethod',
  'authentication',
  'capabilityInvocation',
  'capabilityDelegation',
  'keyAgreement',
  'publicKey',
];

/** Finds the node `fragmentUrl` in a (DID or controller) document, with a context that lets key libraries read it. */
export function selectFragment(document: any, fragmentUrl: string): Record<string, unknown> | undefined {
  const [base, fragment] = [fragmentUrl.slice(0, fragmentUrl.indexOf('#')), fragmentUrl.slice(fragmentUrl.indexOf('#'))];
  if (document?.id === fragmentUrl) return document;
  for (const rel of RELATIONS) {
    for (const entry of [].concat(document?.[rel] ?? [])) {
      const node = entry as Record<string, unknown>;
      if (typeof node !== 'object' || node === null) continue;
      const id = String(node.id ?? '');
      if (id === fragmentUrl || id === fragment || (id.startsWith('#') && `${base}${id}` === fragmentUrl)) {
        const context =
          node.type === 'Multikey' ? MULTIKEY_V1 : node.type === 'Ed25519VerificationKey2020' ? ED25519_2020_V1 : document['@context'];
        return { ...node, id: fragmentUrl, '@context': node['@context'] ?? context, controller: node.controller ?? document.id };
      }
    }
  }
  return undefined;
}

function lookupMap(map: DocumentLoaderOptions['extraDocuments'], key: string): unknown {
  if (!map) return undefined;
  return map instanceof Map ? map.get(key) : Object.hasOwn(map, key) ? map[key] : undefined;
}

function parse(value: unknown, url: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new DocumentNotFoundError(url, `The document at ${url} is not JSON`);
  }
}

/**
 * A JSON-LD document loader that never touches the network unless `allowNetwork` is set. Order:
 * bundled contexts, `extraDocuments`, did:key (computed), `resolveLocal`, then — only with
 * `allowNetwork` — an https fetch under the SSRF rules of fetch.ts. URLs with a fragment
 * (`did:web:x#key-1`, `https://issuer#z6Mk...`) load their document and pick the node.
 * An unknown URL without network fails with an error naming it.
 */
export function createDocumentLoader(options: DocumentLoaderOptions = {}): DocumentLoader {
  const cache = new Map<string, Promise<unknown>>();

  async function loadWhole(url: string): Promise<unknown> {
    const bundled = bundledContext(url);
    if (bundled !== undefined) return bundled;
    const extra = lookupMap(options.extraDocuments, url);
    if (extra !== undefined) return parse(extra, url);
    if (url.startsWith('did:key:')) return didKeyDocument(url);
    const isDidWeb = url.startsWith('did:web:');
    const httpsUrl = isDidWeb ? didWebUrl(url) : url;
    if (isDidWeb) {
      const byUrl = lookupMap(options.extraDocuments, httpsUrl);
      if (byUrl !== undefined) return parse(byUrl, url);
    }
    if (options.resolveLocal) {
      const local = (await options.resolveLocal(url)) ?? (isDidWeb ? await options.resolveLocal(httpsUrl) : undefined);
      if (local !== undefined && local !== null) return parse(local, url);
    }
    if (url.startsWith('did:') && !isDidWeb)
      throw new DocumentNotFoundError(url, `The DID method of ${url} is not supported (did:key and did:web are)`);
    if (!options.allowNetwork) {
      throw new DocumentNotFoundError(url, `${url} is not bundled or known locally, and fetching from the network is not allowed`);
    }
    const fetched = await safeFetchText(httpsUrl, {
      timeoutMs: options.fetchTimeoutMs,
      maxBytes: options.maxBytes,
      trustedOrigins: options.trustedOrigins,
    });
    const doc = parse(fetched.body, url) as Record<string, unknown>;
    if (isDidWeb && doc?.id !== url.split('#')[0])
      throw new DocumentNotFoundError(url, `The DID document at ${httpsUrl} is for "${String(doc?.id)}", not ${url}`);
    return doc;
  }

  function load(url: string): Promise<unknown> {
    let pending = cache.get(url);
    if (!pending) {
      pending = loadWhole(url);
      cache.set(url, pending);
      pending.catch(() => cache.delete(url));
    }
    return pending;
  }

  const documentLoader: DocumentLoader = async (url: string) => {
    if (typeof url !== 'string' || url === '') throw new DocumentNotFoundError(String(url), 'A document URL is required');
    // A whole document registered under the full URL (fragment included) wins.
    const exact = bundledContext(url) ?? lookupMap(options.extraDocuments, url);
    if (exact !== undefined) return { contextUrl: null, documentUrl: url, document: parse(exact, url) };
    const hash = url.indexOf('#');
    if (hash > 0) {
      const base = url.slice(0, hash);
      const doc = await load(base);
      const node = selectFragment(doc, url);
      if (!node) throw new DocumentNotFoundError(url, `${base} has no verification method ${url}`);
      return { contextUrl: null, documentUrl: url, document: node };
    }
    return { contextUrl: null, documentUrl: url, document: await load(url) };
  };
  Object.defineProperty(documentLoader, BUNDLED_FIRST, { value: true });
  return documentLoader;
}
