// Issue and verify rates of Vaardig's credential path against plain @digitalbazaar/vc issue() and
// verifyCredential() with the same Ed25519 key and the same credentials, in the same run.
//   npm run bench -- credentials          (or: node --import tsx bench/credentials/index.ts)
//   BENCH_CREDENTIALS_N=200 to change the number of credentials (default 100).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import * as bitstringStatusList from '@digitalbazaar/vc-bitstring-status-list';
import pino from 'pino';
import { createDocumentLoader } from '../../src/credentials/contexts/loader.ts';
import { createAchievement } from '../../src/credentials/issuing/achievements.ts';
import { didDocument, issuerKeys } from '../../src/credentials/issuing/issuer.ts';
import { issueAs } from '../../src/credentials/issuing/issue.ts';
import { databaseResolver } from '../../src/credentials/verification/local.ts';
import { verifyCredential } from '../../src/credentials/verification/verify.ts';
import { modules } from '../../src/modules.ts';
import { findOrganisation } from '../../src/accounts/api.ts';
import { createOrganisation } from '../../src/accounts/api.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { createContext } from '../../src/platform/context.ts';

// The package's type declaration (src/credentials/proofs/vendor.d.ts) does not list checkStatus.
const { checkStatus } = bitstringStatusList as unknown as { checkStatus: unknown };
const rate = (n: number, ms: number) => (n / ms) * 1000;
const fmt = (x: number) => x.toFixed(1);

export async function run(): Promise<void> {
  const n = Number(process.env.BENCH_CREDENTIALS_N ?? 100);
  const home = mkdtempSync(join(tmpdir(), 'vaardig-bench-credentials-'));
  const config = loadConfig(
    {
      VAARDIG_HOME: home,
      VAARDIG_SECRET: 'bench-secret-0123456789abcdefghijklmnop',
      BASE_URL: 'https://bench.vaardig.test',
      LOG_LEVEL: 'silent',
      VAARDIG_DATA_DIR: process.env.VAARDIG_DATA_DIR ?? join(import.meta.dirname, '../../../shared/data'),
    },
    { demo: false },
  );
  const ctx = await createContext(config, modules, { log: pino({ level: 'silent' }) });
  try {
    const { id } = await createOrganisation(ctx.db, {
      slug: 'bench',
      name: 'Bench Issuer',
      kind: 'employer',
      description: 'Benchmark issuer',
    });
    const organisation = (await findOrganisation(ctx.db, id))!;
    const operator = {
      id: '00000000-0000-0000-0000-000000000000',
      email: 'bench@localhost',
      name: 'bench',
      isOperator: true,
      emailConfirmed: true,
      locale: null,
    };
    const achievement = await createAchievement(ctx, operator, 'bench', {
      name: 'Bench badge',
      description: 'A badge to measure with.',
      criteriaNarrative: 'Be measured.',
      tags: ['bench'],
    });
    // Warm up: status lists, keys, contexts, JIT.
    for (let i = 0; i < 5; i++)
      await issueAs(
        ctx,
        organisation,
        { achievementId: achievement.id, recipient: { email: `warm${i}@example.org` }, notify: false },
        null,
      );

    // --- Issue ---------------------------------------------------------------------------------
    let started = performance.now();
    const issued = [];
    for (let i = 0; i < n; i++)
      issued.push(
        await issueAs(
          ctx,
          organisation,
          { achievementId: achievement.id, recipient: { email: `p${i}@example.org`, name: `Person ${i}` }, notify: false },
          null,
        ),
      );
    const vaardigIssueMs = performance.now() - started;
    const size = JSON.stringify(issued[0].document).length;

    const keys = await issuerKeys(ctx, organisation);
    const keyPair = await Ed25519Multikey.from({
      id: keys.ed25519.id,
      controller: keys.did,
      publicKeyMultibase: keys.ed25519.publicKeyMultibase,
      secretKeyMultibase: keys.ed25519.secret,
    });
    // The same sources as Vaardig's verifier: bundled contexts, and this instance's DID document and status lists.
    const loader = createDocumentLoader({
      extraDocuments: { [keys.did]: await didDocument(ctx, 'bench') },
      resolveLocal: databaseResolver(ctx),
    });
    const unsigned = issued.map(({ document }) => {
      const { proof: _proof, ...rest } = document;
      return rest;
    });
    started = performance.now();
    const plainIssued = [];
    for (const credential of unsigned) {
      const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022 });
      plainIssued.push(await vc.issue({ credential: structuredClone(credential), suite, documentLoader: loader }));
    }
    const plainIssueMs = performance.now() - started;

    // --- Verify --------------------------------------------------------------------------------
    started = performance.now();
    let valid = 0;
    for (const c of issued) {
      const verdict = await verifyCredential(c.document, {
        documentLoaderOptions: { resolveLocal: databaseResolver(ctx) },
        dataDir: config.dataDir,
      });
      if (verdict.valid) valid++;
      else if (process.env.BENCH_DEBUG) console.log(JSON.stringify(verdict.checks));
    }
    const vaardigVerifyMs = performance.now() - started;

    started = performance.now();
    let plainValid = 0;
    for (const c of issued) {
      const result = await vc.verifyCredential({
        credential: c.document,
        suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
        documentLoader: loader,
        checkStatus,
      });
      if (result.verified) plainValid++;
      else if (process.env.BENCH_DEBUG)
        console.log(String(result.error?.errors?.[0]?.message ?? result.error?.message ?? JSON.stringify(result)).slice(0, 400));
    }
    const plainVerifyMs = performance.now() - started;

    console.log(
      `credentials: ${n} OB 3.0 credentials of ${(size / 1024).toFixed(1)} KB, eddsa-rdfc-2022, one process (${process.version})`,
    );
    console.log(
      `  issue   Vaardig issueAs (status index, sign, store): ${fmt(rate(n, vaardigIssueMs))}/s   plain vc.issue(): ${fmt(rate(n, plainIssueMs))}/s   ratio ${(rate(n, vaardigIssueMs) / rate(n, plainIssueMs)).toFixed(2)}`,
    );
    console.log(
      `  verify  Vaardig verifyCredential (schema, proof, key, dates, status): ${fmt(rate(n, vaardigVerifyMs))}/s (${valid}/${n} valid)   plain vc.verifyCredential() (proof, status): ${fmt(rate(n, plainVerifyMs))}/s (${plainValid}/${n} valid)   ratio ${(rate(n, vaardigVerifyMs) / rate(n, plainVerifyMs)).toFixed(2)}`,
    );
    if (valid !== n || plainValid !== n) throw new Error('not every credential verified');
  } finally {
    await ctx.close();
    rmSync(home, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
