// Light on purpose: this instance's DID and status-list routes use it without loading the JSON-LD stack.

export class DocumentNotFoundError extends Error {
  override name = 'DocumentNotFoundError';
  constructor(
    readonly url: string,
    message: string,
  ) {
    super(message);
  }
}

/** The https URL of a did:web document (did:web:example.org:issuers:1 → https://example.org/issuers/1/did.json). */
export function didWebUrl(did: string): string {
  const [method, ...rest] = did.split('#')[0].split(':').slice(1);
  if (method !== 'web' || rest.length === 0 || !rest[0]) throw new DocumentNotFoundError(did, `"${did}" is not a did:web identifier`);
  const parts = rest.map((p) => decodeURIComponent(p));
  const host = parts[0];
  if (!/^[a-z0-9.-]+(:\d+)?$/i.test(host)) throw new DocumentNotFoundError(did, `"${did}" names no valid host`);
  return parts.length === 1 ? `https://${host}/.well-known/did.json` : `https://${host}/${parts.slice(1).join('/')}/did.json`;
}
