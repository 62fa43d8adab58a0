import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { didKeyFor, generateEd25519KeyPair, signDataIntegrity } from '../../../src/credentials/proofs/index.ts';
import {
  bundledSchema,
  checkSchema,
  ENDORSEMENT_SCHEMA_PATH,
  OB_ENDORSEMENT_SCHEMA_URL,
} from '../../../src/credentials/verification/schema.ts';
import { verifyCredential } from '../../../src/credentials/verification/verify.ts';

const dataDir = process.env.VAARDIG_DATA_DIR ?? join(process.cwd(), '../shared/data');
const ACHIEVEMENT_SCHEMA = join(dataDir, 'ob3/schema/ob_v3p0_achievementcredential_schema.json');

function endorsement(extra: Record<string, unknown> = {}) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'https://vaardig.test/endorsements/7d3f2c1a-0b4e-4c5d-8e6f-1a2b3c4d5e6f',
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: 'Metaalunie endorses Basis lassen',
    issuer: { id: 'did:web:vaardig.test:orgs:metaalunie', type: ['Profile'], name: 'Metaalunie' },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: {
      id: 'https://vaardig.test/achievements/1',
      type: ['EndorsementSubject'],
      endorsementComment: 'Welders with this badge start at once.',
    },
    ...extra,
  };
}

/** Every `$ref` in a schema (fragment refs only are expected: `#/$defs/Name`). */
function refsOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) refsOf(v, out);
  else if (value && typeof value === 'object')
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string') out.add(v);
      else refsOf(v, out);
    }
  return out;
}

describe('the bundled OB 3.0 EndorsementCredential schema', () => {
  afterEach(() => vi.restoreAllMocks());

  const bundled = JSON.parse(readFileSync(ENDORSEMENT_SCHEMA_PATH, 'utf8'));

  it('is served by its published URL (what verifier-core fetches) and by no other', () => {
    expect(OB_ENDORSEMENT_SCHEMA_URL).toBe('https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json');
    expect(JSON.parse(bundledSchema(OB_ENDORSEMENT_SCHEMA_URL)!)).toEqual(bundled);
    expect(bundled.$id).toBe(OB_ENDORSEMENT_SCHEMA_URL);
    expect(bundledSchema('https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json')).toBeUndefined();
    expect(bundledSchema('https://example.org/schema.json')).toBeUndefined();
    // Self-contained: every $ref points into its own $defs.
    for (const ref of refsOf(bundled)) expect(bundled.$defs[ref.replace('#/$defs/', '')], ref).toBeDefined();
  });

  it.skipIf(!existsSync(ACHIEVEMENT_SCHEMA))(
    'is the 1EdTech AchievementCredential schema’s $defs/EndorsementCredential with the definitions it reaches, unchanged',
    () => {
      const achievement = JSON.parse(readFileSync(ACHIEVEMENT_SCHEMA, 'utf8'));
      const { $schema, $id, title, $comment, $defs, ...root } = bundled;
      expect($schema).toBe(achievement.$schema);
      expect(title).toBe('JSON Schema for the EndorsementCredential class.');
      expect($comment).toMatch(/derived/i);
      expect(root).toEqual(achievement.$defs.EndorsementCredential);
      for (const [name, definition] of Object.entries($defs)) expect(definition, name).toEqual(achievement.$defs[name]);
      // Exactly the definitions reachable from the root, nothing more.
      const reachable = new Set<string>();
      const visit = (node: unknown) => {
        for (const ref of refsOf(node)) {
          const name = ref.replace('#/$defs/', '');
          if (!reachable.has(name)) {
            reachable.add(name);
            visit(achievement.$defs[name]);
          }
        }
      };
      visit(achievement.$defs.EndorsementCredential);
      expect(Object.keys($defs).sort()).toEqual([...reachable].sort());
    },
  );

  it('Vaardig’s schema check validates an EndorsementCredential against it without a data folder, and names what is wrong', () => {
    expect(checkSchema(endorsement({ proof: [] }), undefined)).toEqual({
      check: 'schema',
      status: 'ok',
      message: 'Valid against the OB 3.0 EndorsementCredential JSON Schema',
      code: 'schemaValid',
      params: { what: 'EndorsementCredential' },
    });
    const noSubjectType = checkSchema(
      endorsement({ credentialSubject: { id: 'https://vaardig.test/achievements/1', endorsementComment: 'x' } }),
      undefined,
    );
    expect(noSubjectType).toMatchObject({ check: 'schema', status: 'failed' });
    expect(noSubjectType.message).toContain('/credentialSubject');
    expect(noSubjectType.message).toContain('(type)');
    // Coded part by part, so a Dutch page names the missing field in Dutch.
    expect(noSubjectType).toMatchObject({ code: 'schemaInvalid' });
    expect(noSubjectType.details).toContainEqual(
      expect.objectContaining({ code: 'schemaErrorRequired', params: { path: '/credentialSubject', property: 'type' } }),
    );
    const noValidFrom = checkSchema({ ...endorsement(), validFrom: undefined }, undefined);
    expect(noValidFrom.status).toBe('failed');
    expect(noValidFrom.message).toContain('(validFrom)');
    // An AchievementCredential still needs the data folder's schema.
    expect(checkSchema({ ...endorsement(), type: ['VerifiableCredential', 'OpenBadgeCredential'] }, undefined).status).toBe('skipped');
  });

  it('the verifier never fetches a schema: not the bundled one, not one named in credentialSchema', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const key = await generateEd25519KeyPair();
    const did = didKeyFor(key.publicKeyMultibase);
    const signed = await signDataIntegrity(
      endorsement({
        issuer: { id: did, type: ['Profile'], name: 'Metaalunie' },
        credentialSchema: [
          { id: OB_ENDORSEMENT_SCHEMA_URL, type: 'JsonSchema' },
          { id: 'https://schemas.example.org/other.json', type: 'JsonSchema' },
        ],
      }),
      { keyPair: key, verificationMethod: `${did}#${key.publicKeyMultibase}` },
    );
    for (const allowNetwork of [false, true]) {
      const verdict = await verifyCredential(signed, { allowNetwork, dataDir: undefined });
      expect(verdict.valid, JSON.stringify(verdict.checks)).toBe(true);
      expect(verdict.checks.find((c) => c.check === 'schema')).toMatchObject({ status: 'warning' });
    }
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
