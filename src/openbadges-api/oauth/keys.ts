import { createHmac, createPrivateKey } from 'node:crypto';

/**
 * The OAuth server's keys, derived from the instance secret (VAARDIG_SECRET or the secret file in
 * VAARDIG_HOME): nothing more to keep or back up, the same on every app node of one instance, and
 * new when the secret changes. Each use has its own derivation label.
 */

function derive(secret: string, label: string): Buffer {
  return createHmac('sha256', secret).update(`vaardig:oauth:${label}`).digest();
}

/** The keys that sign oidc-provider's cookies (interaction, resume, session). */
export function cookieKeys(secret: string): string[] {
  return [derive(secret, 'cookies').toString('base64url')];
}

/** PKCS#8 DER of an Ed25519 private key: this fixed prefix, then the 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The signing key (Ed25519, EdDSA) the server publishes at /oauth/jwks, as a private JWK. */
export function signingJwk(secret: string): Record<string, unknown> & { kid: string; use: string; alg: string } {
  const key = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, derive(secret, 'signing-key')]), format: 'der', type: 'pkcs8' });
  const jwk = key.export({ format: 'jwk' });
  return { ...jwk, kid: `vaardig-${String(jwk.x).slice(0, 8)}`, use: 'sig', alg: 'EdDSA' };
}
