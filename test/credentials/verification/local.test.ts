import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentLoader } from '../../../src/credentials/contexts/loader.ts';
import { isBlockedAddress, safeFetchText } from '../../../src/credentials/contexts/fetch.ts';
import { didKeyFor, generateEd25519KeyPair, signDataIntegrity } from '../../../src/credentials/proofs/index.ts';
import { isOwnUrl, serverResolver } from '../../../src/credentials/verification/local.ts';
import { verifyCredential } from '../../../src/credentials/verification/verify.ts';

describe('the CLI’s fallback to the running server (own BASE_URL only) and the SSRF rules', () => {
  let server: Server;
  let baseUrl: string;
  const served: string[] = [];
  let didDocument: Record<string, unknown>;
  let did: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      served.push(req.url ?? '');
      if (req.url === '/orgs/oss/did.json') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(didDocument));
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    baseUrl = `http://localhost:${port}`;
    did = `did:web:localhost%3A${port}:orgs:oss`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('recognises this instance’s own URLs and did:web', () => {
    expect(isOwnUrl('http://localhost:3000', 'did:web:localhost%3A3000:orgs:oss')).toBe(true);
    expect(isOwnUrl('http://localhost:3000', 'http://localhost:3000/orgs/oss/status/revocation')).toBe(true);
    expect(isOwnUrl('http://localhost:3000', 'did:web:example.org:orgs:oss')).toBe(false);
    expect(isOwnUrl('http://localhost:3000', 'did:key:z6Mkabc')).toBe(false);
  });

  it('verifies a did:web credential of this instance through the running server’s public URL', async () => {
    const key = await generateEd25519KeyPair();
    const vm = `${did}#key-1`;
    didDocument = {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: did,
      verificationMethod: [{ id: vm, type: 'Multikey', controller: did, publicKeyMultibase: key.publicKeyMultibase }],
      assertionMethod: [vm],
    };
    const signed = await signDataIntegrity(
      {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiableCredential'],
        issuer: did,
        credentialSubject: { id: didKeyFor(key.publicKeyMultibase) },
      },
      { keyPair: key, verificationMethod: vm },
    );
    const verdict = await verifyCredential(signed, { documentLoaderOptions: { resolveLocal: serverResolver(baseUrl) } });
    expect(verdict.valid).toBe(true);
    expect(served).toContain('/orgs/oss/did.json');
  });

  it('loopback is reachable only as the trusted own origin; never for others', async () => {
    await expect(safeFetchText(`${baseUrl}/orgs/oss/did.json`)).rejects.toThrow(/only https/);
    await expect(safeFetchText(`https://127.0.0.1:${new URL(baseUrl).port}/x`)).rejects.toThrow(/private, loopback or reserved/);
    const ok = await safeFetchText(`${baseUrl}/orgs/oss/did.json`, { trustedOrigins: [baseUrl] });
    expect(JSON.parse(ok.body).id).toBe(did);
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.20.1.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
    ]) {
      expect(isBlockedAddress(address), address).toBe(true);
    }
    expect(isBlockedAddress('93.184.216.34')).toBe(false);
    expect(isBlockedAddress('2606:2800:220:1:248:1893:25c8:1946')).toBe(false);
  });

  it('the document loader names an unknown URL and does not fetch it without allowNetwork', async () => {
    const loader = createDocumentLoader();
    await expect(loader('https://example.org/contexts/unknown.json')).rejects.toThrow(
      'https://example.org/contexts/unknown.json is not bundled or known locally, and fetching from the network is not allowed',
    );
    expect((await loader('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json')).document['@context']).toBeDefined();
    expect((await loader('https://w3id.org/security/multikey/v1')).document['@context'].Multikey).toBeDefined();
    const vm = (await loader('did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q#z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q'))
      .document;
    expect(vm).toMatchObject({ type: 'Multikey', controller: 'did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q' });
  });
});
