import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { E } from '../errors.ts';

const VERSION = 'v1';
const cache = new Map<string, Buffer>();

/** The 256-bit key that wraps issuer private keys: HKDF-SHA256 of the instance secret. */
function wrappingKey(secret: string): Buffer {
  let key = cache.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), 'vaardig/issuer-keys', 'issuer private key wrapping v1', 32));
    cache.set(secret, key);
  }
  return key;
}

/**
 * Encrypts with AES-256-GCM under the instance secret, a fresh 96-bit nonce per call. `context`
 * (e.g. organisation id and key fragment) is bound as associated data: a ciphertext copied to another
 * row does not decrypt.
 */
export function seal(secret: string, plaintext: string, context: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', wrappingKey(secret), nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, nonce.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

export function open(secret: string, sealed: string, context: string): string {
  const [version, nonce, body, tag] = sealed.split('.');
  if (version !== VERSION || !nonce || body === undefined || !tag) throw E.keyEncryptionFormat();
  const decipher = createDecipheriv('aes-256-gcm', wrappingKey(secret), Buffer.from(nonce, 'base64url'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
