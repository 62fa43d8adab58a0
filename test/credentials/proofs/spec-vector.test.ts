import { createHash, createPrivateKey, sign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { describe, expect, it } from 'vitest';
import { createDocumentLoader } from '../../../src/credentials/contexts/loader.ts';
import { base58Encode, signDataIntegrity } from '../../../src/credentials/proofs/index.ts';
import { loadConfig } from '../../../src/platform/config.ts';

// Reads ../shared/data/ob3/spec-vector (the OB 3.0 specification's eddsa-rdfc-2022 test vector).
const dir = join(loadConfig({ VAARDIG_SECRET: 'x'.repeat(32), VAARDIG_HOME: '/tmp/vaardig-spec-vector' }).dataDir, 'ob3/spec-vector');
const present = existsSync(join(dir, 'expected.json'));
if (!present) console.warn(`Skipping the OB 3.0 spec test vector: ${dir} is missing (set VAARDIG_DATA_DIR)`);

const read = (name: string) => readFileSync(join(dir, name), 'utf8');
const readJson = (name: string) => JSON.parse(read(name));

describe.skipIf(!present)('OB 3.0 eddsa-rdfc-2022 test vector (../shared/data/ob3/spec-vector)', () => {
  const documentLoader = createDocumentLoader();
  // The cryptosuite's own canonize (jsonld.toRDF + rdf-canonize RDFC-1.0), the step vc.issue runs.
  const canon = (input: object): Promise<string> => cryptosuite.canonize(input, { documentLoader });

  it('reproduces the canonical N-Quads, hashes, signature and proofValue byte for byte', async () => {
    const credential = readJson('credential.json');
    const proofOptions = readJson('proof-options.json');
    const key = readJson('key.json');
    const expected = readJson('expected.json');

    const documentCanon = await canon(credential);
    expect(documentCanon).toBe(read('document-canon.txt'));
    const proofCanon = await canon({ '@context': credential['@context'], ...proofOptions });
    expect(proofCanon).toBe(read('proof-canon.txt'));

    const documentHash = createHash('sha256').update(documentCanon).digest();
    const proofHash = createHash('sha256').update(proofCanon).digest();
    expect(documentHash.toString('hex')).toBe(expected.documentHashHex);
    expect(proofHash.toString('hex')).toBe(expected.proofHashHex);
    const data = Buffer.concat([proofHash, documentHash]);
    expect(data.toString('hex')).toBe(expected.dataToSignHex);

    const seed = Buffer.from(key.secretKeyHex.slice(0, 64), 'hex');
    const privateKey = createPrivateKey({
      key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
      format: 'der',
      type: 'pkcs8',
    });
    const signature = sign(null, data, privateKey);
    expect(signature.toString('hex')).toBe(expected.signatureHex);
    expect(`z${base58Encode(signature)}`).toBe(expected.proofValue);
  });

  it('signDataIntegrity (vc.issue) produces the expected proof and signed credential', async () => {
    const credential = readJson('credential.json');
    const proofOptions = readJson('proof-options.json');
    const key = readJson('key.json');
    const signed = await signDataIntegrity(credential, {
      keyPair: {
        type: 'Multikey',
        publicKeyMultibase: key.publicKeyMultibase,
        secretKeyMultibase: key.secretKeyMultibase,
        controller: key.controller,
      },
      verificationMethod: proofOptions.verificationMethod,
      date: proofOptions.created,
    });
    expect(signed.proof.proofValue).toBe(readJson('expected.json').proofValue);
    expect(signed.proof).toMatchObject(proofOptions);
    expect(signed).toEqual(readJson('signed-credential.json'));
    // the input is left alone
    expect(credential.proof).toBeUndefined();
  });
});
