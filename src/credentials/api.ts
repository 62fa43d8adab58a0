import type { Verdict, VerifyOptions } from './verification/types.ts';

/**
 * The public face of the credentials module: the only file of it that other modules import
 * (test/boundaries.test.ts). The signing and verification stack loads on first use
 * (docs/decisions/007), so importing this file costs nothing until a credential is verified.
 */
export type { Verdict, VerifyOptions };

/** Verifies an Open Badges 3.0 credential (or a legacy 2.0 badge): JSON, JWS, baked PNG/SVG. */
export async function verifyCredential(input: unknown, options: VerifyOptions = {}): Promise<Verdict> {
  const { verifyCredential: verify } = await import('./verification/verify.ts');
  return verify(input, options);
}
