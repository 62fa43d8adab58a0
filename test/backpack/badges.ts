import { createHash, generateKeyPairSync } from 'node:crypto';
import { CompactSign } from 'jose';
import {
  didKeyFor,
  ed25519PrivateJwk,
  generateEd25519KeyPair,
  type SerializedEd25519KeyPair,
  signDataIntegrity,
  signVcJwt,
} from '../../src/credentials/proofs/index.ts';

/** Badges "from elsewhere" for import tests: signed with a did:key (verifies offline), or OB 2.0 with a key given to the verifier. */

function hashed(email: string, salt: string) {
  return `sha256$${createHash('sha256')
    .update(email.toLowerCase() + salt)
    .digest('hex')}`;
}

export function ob3Credential(issuerId: string, email: string, name = 'Bread baking', extra: Record<string, unknown> = {}) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuerId, type: ['Profile'], name: 'Bakery elsewhere', url: 'https://bakery.example.nl' },
    validFrom: '2025-01-01T00:00:00Z',
    name,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        { type: 'IdentityObject', identityHash: hashed(email, 'salt-1'), identityType: 'emailAddress', hashed: true, salt: 'salt-1' },
      ],
      achievement: {
        id: 'https://bakery.example.nl/achievements/1',
        type: ['Achievement'],
        name,
        description: `${name}, described.`,
        criteria: { narrative: 'Baked three loaves under supervision.' },
        alignment: [
          {
            type: ['Alignment'],
            targetName: 'bake bread',
            targetUrl: 'http://data.europa.eu/esco/skill/bake-bread',
            targetType: 'ceasn:Competency',
          },
        ],
      },
    },
    ...extra,
  };
}

export class ElsewhereIssuer {
  private constructor(
    readonly key: SerializedEd25519KeyPair,
    readonly did: string,
  ) {}

  static async create(): Promise<ElsewhereIssuer> {
    const key = await generateEd25519KeyPair();
    return new ElsewhereIssuer(key, didKeyFor(key.publicKeyMultibase));
  }

  get vm() {
    return `${this.did}#${this.key.publicKeyMultibase}`;
  }

  /** A signed OB 3.0 credential (Data Integrity, eddsa-rdfc-2022). */
  async signed(email: string, name?: string, extra?: Record<string, unknown>): Promise<Record<string, any>> {
    return signDataIntegrity(ob3Credential(this.did, email, name, extra), { keyPair: this.key, verificationMethod: this.vm });
  }

  /** The same as a VC-JWT (EdDSA). */
  async jwt(email: string, name?: string, extra?: Record<string, unknown>): Promise<string> {
    return signVcJwt(ob3Credential(this.did, email, name, extra), {
      privateKey: await ed25519PrivateJwk(this.key),
      alg: 'EdDSA',
      kid: this.vm,
    });
  }
}

/** An OB 2.0 signed assertion (JWS, RS256) and the key document the verifier needs for it. */
export async function ob2Assertion(email: string, name = 'Old badge') {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const assertion = {
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'Assertion',
    id: `urn:uuid:${crypto.randomUUID()}`,
    recipient: { type: 'email', hashed: true, salt: 'abc', identity: hashed(email, 'abc') },
    badge: {
      id: 'https://old.example.org/badges/1',
      type: 'BadgeClass',
      name,
      description: 'An Open Badges 2.0 badge',
      issuer: { id: 'https://old.example.org/issuer', type: 'Profile', name: 'Old issuer' },
      alignment: [{ targetName: 'teamwork', targetUrl: 'http://data.europa.eu/esco/skill/teamwork' }],
    },
    verification: { type: 'SignedBadge', creator: 'https://old.example.org/key' },
    issuedOn: '2019-01-01T00:00:00Z',
  };
  const jws = await new CompactSign(Buffer.from(JSON.stringify(assertion))).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
  const keyDoc = {
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'CryptographicKey',
    id: 'https://old.example.org/key',
    owner: 'https://old.example.org/issuer',
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }),
  };
  return { jws, extraDocuments: { 'https://old.example.org/key': keyDoc } };
}

/** A multipart body as a browser sends the import form (CSRF token first). */
export function multipart(fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) {
  const boundary = `----vaardig${Math.random().toString(36).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
