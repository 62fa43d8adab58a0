import { randomBytes } from 'node:crypto';
import * as reference from 'base58-universal';
import { describe, expect, it } from 'vitest';
import { base58Decode, base58Encode } from '../../../src/credentials/proofs/base58.ts';

describe('base58btc', () => {
  it('encodes as base58-universal (the proofValue encoder of @digitalbazaar/data-integrity) and decodes back', () => {
    for (let i = 0; i < 5000; i++) {
      const bytes = randomBytes(i % 70);
      if (i % 7 === 0 && bytes.length > 2) bytes.fill(0, 0, 1 + (i % 3));
      const text = base58Encode(bytes);
      expect(text).toBe(reference.encode(bytes));
      expect(Buffer.from(base58Decode(text)).equals(bytes)).toBe(true);
    }
  });
});
