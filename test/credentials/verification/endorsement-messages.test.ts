import { describe, expect, it } from 'vitest';
import { checkText } from '../../../src/credentials/verification/messages.ts';
import { didKeyFor, generateEd25519KeyPair, signDataIntegrity } from '../../../src/credentials/proofs/index.ts';
import { verifyCredential } from '../../../src/credentials/verification/verify.ts';
import { modules } from '../../../src/modules.ts';
import { createI18n } from '../../../src/platform/i18n.ts';

const CONTEXTS = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];

async function signer(name: string) {
  const key = await generateEd25519KeyPair();
  const did = didKeyFor(key.publicKeyMultibase);
  return {
    issuer: { id: did, type: ['Profile'], name },
    sign: <T extends object>(credential: T) =>
      signDataIntegrity(credential, { keyPair: key, verificationMethod: `${did}#${key.publicKeyMultibase}` }),
  };
}

describe('the endorsement check in the reader’s language', () => {
  const i18n = createI18n(modules);

  it('codes each endorsement that does not verify, and pages translate every part of the message', async () => {
    const [school, union, guild] = await Promise.all([signer('Brabant College'), signer('Metaalunie'), signer('Gilde')]);
    const endorsementBy = (endorser: Awaited<ReturnType<typeof signer>>, n: number) =>
      endorser.sign({
        '@context': CONTEXTS,
        id: `https://endorsers.example/endorsements/${n}`,
        type: ['VerifiableCredential', 'EndorsementCredential'],
        name: `${endorser.issuer.name} endorses welding`,
        issuer: endorser.issuer,
        validFrom: '2026-01-01T00:00:00Z',
        credentialSubject: {
          id: 'https://school.example/achievements/1',
          type: ['EndorsementSubject'],
          endorsementComment: 'Good welders.',
        },
      });
    const good = await endorsementBy(guild, 1);
    const tampered = { ...(await endorsementBy(union, 2)), name: 'Metaalunie endorses everything' };
    const unreadable = { id: 'https://endorsers.example/endorsements/3', name: 'Not a credential' };
    const credential = await school.sign({
      '@context': CONTEXTS,
      id: 'urn:uuid:6a1f0d4e-2b3c-4d5e-8f90-a1b2c3d4e5f6',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'Welding',
      issuer: school.issuer,
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: {
        id: 'did:example:learner',
        type: ['AchievementSubject'],
        achievement: {
          id: 'https://school.example/achievements/1',
          type: ['Achievement'],
          name: 'Welding',
          description: 'Welds',
          criteria: { narrative: 'Welded' },
          endorsement: [good, tampered, unreadable],
        },
      },
    });

    const verdict = await verifyCredential(credential);
    expect(verdict.valid, JSON.stringify(verdict.checks)).toBe(true);
    const check = verdict.checks.find((c) => c.check === 'endorsement')!;
    expect(check).toMatchObject({ status: 'warning', code: 'endorsementsInvalid', params: { count: 2, total: 3 } });
    expect(check.details).toEqual([
      {
        code: 'endorsementCheckFailed',
        params: { name: 'Metaalunie', check: 'credentials:verify.checks.proof' },
        message: 'Metaalunie: proof failed',
      },
      {
        code: 'endorsementUnusable',
        params: { name: '#3', reason: 'credentials:errors.notCredential' },
        message: expect.stringContaining('#3: '),
      },
    ]);
    // The API and the CLI keep the English message.
    expect(check.message).toBe(`2 of 3 endorsement(s) do not verify: Metaalunie: proof failed; ${check.details![1].message}`);

    const nl = i18n.getFixedT('nl');
    const dutch = checkText(nl, check);
    expect(dutch).toBe(
      `2 van de 3 onderschrijving(en) komen niet door de controle: Metaalunie: de controle ‘Handtekening’ is mislukt; #3: niet te controleren (${nl('credentials:errors.notCredential')})`,
    );
    expect(dutch).not.toMatch(/failed|cannot|revoked/);
    const english = checkText(i18n.getFixedT('en'), check);
    expect(english).toBe(
      `2 of 3 endorsement(s) do not verify: Metaalunie: the check “Signature” failed; #3: cannot be verified (${i18n.getFixedT('en')('credentials:errors.notCredential')})`,
    );

    // A check stored before details existed (in a backpack verdict) still reads, with its English `which`.
    expect(checkText(nl, { ...check, details: undefined })).toContain('komen niet door de controle: Metaalunie: proof failed');
    // An endorser's name is a value, never read as markup for the translator.
    const sneaky = {
      ...check,
      details: [{ code: 'endorsementRevoked', params: { name: '$t(credentials:verify.checks.proof) {{count}}' }, message: '' }],
    };
    expect(checkText(nl, sneaky)).toContain('$t(credentials:verify.checks.proof) {{count}}: ingetrokken of geschorst');
  });
});
