import { afterAll, describe, expect, it } from 'vitest';
import { generateEd25519KeyPair, signDataIntegrity } from '../../../src/credentials/proofs/index.ts';
import { ProofPool } from '../../../src/credentials/proofs/pool.ts';
import type { Verdict } from '../../../src/credentials/verification/types.ts';
import { credential, prng, Random } from './generate.ts';

// The workers load TypeScript through tsx, which would leave its cache in the test's temp folder.
process.env.TSX_DISABLE_CACHE = '1';

describe('ProofPool: signing and verifying on worker threads', () => {
  const pool = new ProofPool(2);
  afterAll(() => pool.close());

  it('signs batches on two workers with the reference’s bytes, in order, and verifies them', async () => {
    const r = new Random(prng(7));
    const key = await generateEd25519KeyPair({ seed: new Uint8Array(32).fill(9) });
    const did = `did:key:${key.publicKeyMultibase}`;
    const vm = `${did}#${key.publicKeyMultibase}`;
    const date = '2026-05-04T03:02:01Z';
    const batches = Array.from({ length: 4 }, () => Array.from({ length: 10 }, () => credential(r, { issuer: did })));
    const signed = await Promise.all(batches.map((batch) => pool.sign(batch, { keyPair: key, verificationMethod: vm, date })));
    for (const [b, batch] of batches.entries())
      for (const [i, unsigned] of batch.entries()) {
        const reference = await signDataIntegrity(unsigned, { keyPair: key, verificationMethod: vm, date });
        expect(JSON.stringify(signed[b][i])).toBe(JSON.stringify(reference));
      }

    const tampered = { ...signed[0][0], name: 'Something else' };
    const verdicts = (await pool.verify([signed[1][3], tampered], { documents: {}, knownIssuers: [did] })) as Verdict[];
    expect(verdicts[0].checks.find((c) => c.check === 'proof')).toMatchObject({ status: 'ok', code: 'signatureVerified' });
    expect(verdicts[1].checks.find((c) => c.check === 'proof')).toMatchObject({ status: 'failed', code: 'signatureMismatch' });
  });

  it('fails a batch it cannot do without losing the worker', async () => {
    await expect(
      pool.sign([{}], { keyPair: { type: 'Multikey', publicKeyMultibase: 'x', secretKeyMultibase: 'y' }, verificationMethod: 'did:x#y' }),
    ).rejects.toThrow();
    const key = await generateEd25519KeyPair({ seed: new Uint8Array(32).fill(1) });
    const did = `did:key:${key.publicKeyMultibase}`;
    const again = await pool.sign([credential(new Random(prng(1)), { issuer: did })], {
      keyPair: key,
      verificationMethod: `${did}#${key.publicKeyMultibase}`,
    });
    expect(again).toHaveLength(1);
  });
});
