// Issue and verify rates of Vaardig's credential paths — the fast lane (issue 13, decision 011),
// the full path (the fast lane off), and plain @digitalbazaar/vc issue() / verifyCredential() —
// with the same Ed25519 key and the same credentials, in the same run, on one core and on all cores.
//   npm run bench -- credentials          (or: node --import tsx bench/credentials/index.ts)
//   BENCH_CREDENTIALS_N=200   credentials for the full path and plain vc (default 100); the fast
//                             lane does BENCH_CREDENTIALS_FAST_N (default 10 × N) to be timed well.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import * as bitstringStatusList from '@digitalbazaar/vc-bitstring-status-list';
import pino from 'pino';
import { createOrganisation, findOrganisation } from '../../src/accounts/api.ts';
import { createDocumentLoader } from '../../src/credentials/contexts/loader.ts';
import { createAchievement } from '../../src/credentials/issuing/achievements.ts';
import { useFastLane } from '../../src/credentials/issuing/engine.ts';
import { type IssuedCredential, issueAs } from '../../src/credentials/issuing/issue.ts';
import { didDocument, issuerKeys } from '../../src/credentials/issuing/issuer.ts';
import { statusListCredential } from '../../src/credentials/issuing/status.ts';
import { signDataIntegrityFast } from '../../src/credentials/proofs/fast.ts';
import { ProofPool } from '../../src/credentials/proofs/pool.ts';
import { databaseResolver } from '../../src/credentials/verification/local.ts';
import { type Verdict, verifyCredential } from '../../src/credentials/verification/verify.ts';
import { modules } from '../../src/modules.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { createContext } from '../../src/platform/context.ts';

// The package's type declaration (src/credentials/proofs/vendor.d.ts) does not list checkStatus.
const { checkStatus } = bitstringStatusList as unknown as { checkStatus: unknown };
const rate = (n: number, ms: number) => (n / ms) * 1000;
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

async function timed(n: number, each: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < n; i++) await each(i);
  return rate(n, performance.now() - started);
}

export async function run(): Promise<void> {
  const n = Number(process.env.BENCH_CREDENTIALS_N ?? 100);
  const fastN = Number(process.env.BENCH_CREDENTIALS_FAST_N ?? 10 * n);
  const cores = availableParallelism();
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
  const pool = new ProofPool(cores);
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
    const issueOne = (i: number, prefix: string) =>
      issueAs(
        ctx,
        organisation,
        { achievementId: achievement.id, recipient: { email: `${prefix}${i}@example.org`, name: `Person ${i}` }, notify: false },
        null,
      );
    // Warm up: status lists, keys, contexts, prepared shapes, JIT.
    for (let i = 0; i < 5; i++) await issueOne(i, 'warm');

    // --- Issue, one core ---------------------------------------------------------------------------
    useFastLane(false);
    const issued: IssuedCredential[] = [];
    const fullIssue = await timed(n, async (i) => issued.push(await issueOne(i, 'full')));
    useFastLane(true);
    const fastIssued: IssuedCredential[] = [];
    const fastIssue = await timed(fastN, async (i) => fastIssued.push(await issueOne(i, 'fast')));
    const size = JSON.stringify(issued[0].document).length;

    const keys = await issuerKeys(ctx, organisation);
    const keyPair = {
      type: 'Multikey' as const,
      id: keys.ed25519.id,
      controller: keys.did,
      publicKeyMultibase: keys.ed25519.publicKeyMultibase as string,
      secretKeyMultibase: keys.ed25519.secret,
    };
    const multikey = await Ed25519Multikey.from(keyPair);
    // The same sources as Vaardig's verifier: bundled contexts, and this instance's DID document and status lists.
    const loader = createDocumentLoader({
      extraDocuments: { [keys.did]: await didDocument(ctx, 'bench') },
      resolveLocal: databaseResolver(ctx),
    });
    const unsigned = issued.map(({ document }) => {
      const { proof: _proof, ...rest } = document;
      return rest;
    });
    const plainIssue = await timed(n, (i) =>
      vc.issue({
        credential: structuredClone(unsigned[i]),
        suite: new DataIntegrityProof({ signer: multikey.signer(), cryptosuite: eddsaRdfc2022 }),
        documentLoader: loader,
      }),
    );
    const fastSign = await timed(fastN, (i) =>
      signDataIntegrityFast(unsigned[i % n], { keyPair, verificationMethod: keys.ed25519.id, documentLoader: loader }),
    );

    // --- Issue, all cores (signing on worker threads) --------------------------------------------------
    const batch = Math.max(1, Math.ceil(fastN / (cores * 8)));
    const batches = Array.from({ length: Math.ceil(fastN / batch) }, (_, b) =>
      Array.from({ length: Math.min(batch, fastN - b * batch) }, (_, i) => unsigned[(b * batch + i) % n]),
    );
    // Warm the workers as this thread was warmed (modules, shapes, JIT): every credential once each.
    await Promise.all(Array.from({ length: cores }, () => pool.sign(unsigned, { keyPair, verificationMethod: keys.ed25519.id })));
    let started = performance.now();
    await Promise.all(batches.map((b) => pool.sign(b, { keyPair, verificationMethod: keys.ed25519.id })));
    const poolSign = rate(fastN, performance.now() - started);

    // --- Verify, one core ------------------------------------------------------------------------------
    const documents = issued.map((c) => c.document);
    const verifyOptions = (fastLane: boolean) => ({
      documentLoaderOptions: { resolveLocal: databaseResolver(ctx) },
      dataDir: config.dataDir,
      fastLane,
    });
    const valid = { full: 0, fast: 0, plain: 0, pool: 0 };
    const fullVerify = await timed(n, async (i) => {
      if ((await verifyCredential(documents[i], verifyOptions(false))).valid) valid.full++;
    });
    // The fast lane verifies the credentials it issued: as many, each one once.
    const fastDocuments = fastIssued.map((c) => c.document);
    await verifyCredential(documents[0], verifyOptions(true));
    const fastVerify = await timed(fastN, async (i) => {
      if ((await verifyCredential(fastDocuments[i], verifyOptions(true))).valid) valid.fast++;
    });
    const plainVerify = await timed(n, async (i) => {
      const result = await vc.verifyCredential({
        credential: documents[i],
        suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
        documentLoader: loader,
        checkStatus,
      });
      if (result.verified) valid.plain++;
    });

    // --- Verify, all cores (verifyCredential on worker threads, this instance's documents handed over) -----
    const shared = {
      [keys.did]: await didDocument(ctx, 'bench'),
      [`${config.baseUrl}/orgs/bench/status/revocation`]: await statusListCredential(ctx, 'bench', 'revocation'),
      [`${config.baseUrl}/orgs/bench/status/suspension`]: await statusListCredential(ctx, 'bench', 'suspension'),
    };
    const verifyBatches = batches.map((b, k) => b.map((_, i) => fastDocuments[k * batch + i]));
    const poolVerifyOptions = { documents: shared, knownIssuers: [keys.did], dataDir: config.dataDir };
    await Promise.all(Array.from({ length: cores }, () => pool.verify(documents, poolVerifyOptions)));
    started = performance.now();
    const verdicts = (await Promise.all(verifyBatches.map((b) => pool.verify(b, poolVerifyOptions)))).flat() as Verdict[];
    const poolVerify = rate(fastN, performance.now() - started);
    valid.pool = verdicts.filter((v) => v.valid).length;

    const line = (label: string, r: number, reference: number, note = '') =>
      console.log(`  ${label.padEnd(58)} ${fmt(r).padStart(7)}/s  ${(r / reference).toFixed(2).padStart(6)}×${note ? `  ${note}` : ''}`);
    console.log(
      `credentials: OB 3.0 credentials of ${(size / 1024).toFixed(1)} KB, eddsa-rdfc-2022, ${cores} cores (${process.version}); ${n} on the full path and plain vc, ${fastN} on the fast lane; × = against plain vc on one core`,
    );
    console.log('  issue, one core');
    line('plain @digitalbazaar/vc issue()', plainIssue, plainIssue);
    line('Vaardig issueAs, full path (status index, sign, store)', fullIssue, plainIssue);
    line('Vaardig issueAs, fast lane (status index, sign, store)', fastIssue, plainIssue);
    line('fast lane signing alone (signDataIntegrityFast)', fastSign, plainIssue);
    console.log(`  issue, all ${cores} cores`);
    line(`fast lane signing on ${cores} worker threads (ProofPool)`, poolSign, plainIssue);
    console.log('  verify, one core (this instance’s credentials: a known issuer)');
    line('plain @digitalbazaar/vc verifyCredential() (proof, status)', plainVerify, plainVerify, `${valid.plain}/${n} valid`);
    line('Vaardig verifyCredential, full path (schema, proof, key, dates, status)', fullVerify, plainVerify, `${valid.full}/${n} valid`);
    line('Vaardig verifyCredential, fast lane (the same checks)', fastVerify, plainVerify, `${valid.fast}/${fastN} valid`);
    console.log(`  verify, all ${cores} cores`);
    line(`Vaardig verifyCredential, fast lane on ${cores} worker threads`, poolVerify, plainVerify, `${valid.pool}/${fastN} valid`);
    if (valid.full !== n || valid.fast !== fastN || valid.plain !== n || valid.pool !== fastN)
      throw new Error('not every credential verified');
  } finally {
    await pool.close();
    await ctx.close();
    rmSync(home, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
