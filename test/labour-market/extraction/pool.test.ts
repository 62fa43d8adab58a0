import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { buildIndex } from '../../../src/labour-market/extraction/build.ts';
import { type ExtractOptions, extract } from '../../../src/labour-market/extraction/match.ts';
import { ExtractionPool } from '../../../src/labour-market/extraction/pool.ts';
import { decodeResults, encodeResults, type PoolResult } from '../../../src/labour-market/extraction/transport.ts';
import { tempDir } from '../../helpers/temp.ts';
import { fixtureVocabulary } from './fixture.ts';

const index = buildIndex(fixtureVocabulary());

const TEXTS = [
  'Functie: heftruckchauffeur\nJe rijdt op de heftruck en laadt vracht. Ervaring met lassen is een pré.',
  'We are looking for a forklift operator. You load cargo, stack pallets and serve customers in a team.',
  'Wij zoeken een Python-ontwikkelaar (computerprogrammering) die Kubernetes clusters beheert.',
  'You will weld metal parts and operate a crane; experience with pension schemes is a plus.',
  '',
  'Nothing to find here at all.',
];

/** What the pool must give back: extract's language and skills for each text. */
const direct = (texts: string[], options: ExtractOptions = {}): PoolResult[] =>
  texts.map((text) => {
    const r = extract(index, text, options);
    return { lang: r.lang, skills: r.skills };
  });

describe('the pool transport', () => {
  it('decodes to the same results, properties in the same order', () => {
    const results = [...direct(TEXTS), ...direct(TEXTS, { lang: 'nl', limit: 3 }), ...direct(TEXTS, { minScore: 0.9 })];
    expect(results.some((r) => r.skills.some((m) => m.reason.occupation !== null || m.reason.via.length > 1))).toBe(true);
    const decoded = decodeResults(structuredClone(encodeResults(results)));
    expect(decoded).toStrictEqual(results);
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(results));
  });

  it('carries nulls, several ways, several spans, and empty batches', () => {
    const results: PoolResult[] = [
      {
        lang: 'nl',
        skills: [
          {
            skill: 7,
            score: 0.123456789012345,
            spans: [
              [0, 4],
              [10, 22],
            ],
            reason: {
              label: 'las\0sen',
              lang: 'en',
              kind: 'alt',
              via: ['compound', 'lexicon:weld'],
              section: null,
              occupation: null,
              related: 2,
            },
          },
        ],
      },
      { lang: 'en', skills: [] },
    ];
    expect(decodeResults(structuredClone(encodeResults(results)))).toStrictEqual(results);
    expect(decodeResults(structuredClone(encodeResults([])))).toStrictEqual([]);
  });
});

describe('ExtractionPool', () => {
  let pool: ExtractionPool;
  let cloning: ExtractionPool;
  beforeAll(async () => {
    // The workers load the TypeScript sources with tsx's loader, as under `node --import tsx` (its
    // cache in a folder of the test's).
    const worker = { execArgv: [...process.execArgv, '--import', 'tsx'], env: { ...process.env, TMPDIR: tempDir('pool') } };
    pool = new ExtractionPool(index, 2, { worker });
    cloning = new ExtractionPool(index, 1, { transport: 'clone', depth: 1, worker });
    await Promise.all([pool.ready, cloning.ready]);
  }, 60_000);
  afterAll(async () => {
    await pool?.close();
    await cloning?.close();
  });

  it('gives each batch the results extract gives, in order, with many batches at once', async () => {
    const batches = Array.from({ length: 12 }, (_, i) => TEXTS.slice(i % TEXTS.length).concat(TEXTS.slice(0, i % TEXTS.length)));
    const options: ExtractOptions = { minScore: 0.2 };
    const pooled = await Promise.all(batches.map((b) => pool.extract(b, options)));
    pooled.forEach((results, i) => {
      expect(results).toStrictEqual(direct(batches[i]!, options));
    });
    expect(await cloning.extract(TEXTS, { lang: 'en' })).toStrictEqual(direct(TEXTS, { lang: 'en' }));
    expect(await pool.extract([])).toStrictEqual([]);
  });

  it('rejects a batch that fails and goes on with the others', async () => {
    const [bad, good] = await Promise.allSettled([pool.extract([42 as unknown as string]), pool.extract(TEXTS)]);
    expect(bad.status).toBe('rejected');
    expect(good).toEqual({ status: 'fulfilled', value: direct(TEXTS) });
    expect((await pool.workerCpu()).every((ms) => ms > 0)).toBe(true);
  });
});

describe('ExtractionPool when a worker stops', () => {
  const worker = () => ({ execArgv: [...process.execArgv, '--import', 'tsx'], env: { ...process.env, TMPDIR: tempDir('pool-stop') } });
  /** The pool's workers now (to stop them from outside, as a crash or the system would). */
  const workersOf = (pool: ExtractionPool) => (pool as unknown as { workers: Worker[] }).workers;
  const runningOf = (pool: ExtractionPool) => (pool as unknown as { running: Map<Worker, unknown[]> }).running;

  it('gives its batches to a new worker, and every batch still comes back right', async () => {
    const pool = new ExtractionPool(index, 2, { worker: worker() });
    try {
      await pool.ready;
      const batches = Array.from({ length: 40 }, () => TEXTS);
      const pending = batches.map((b) => pool.extract(b));
      const first = workersOf(pool)[0]!;
      expect(runningOf(pool).get(first)!.length).toBeGreaterThan(0);
      await first.terminate();
      const results = await Promise.all(pending);
      for (const r of results) expect(r).toStrictEqual(direct(TEXTS));
      expect(pool.size).toBe(2);
      expect(workersOf(pool)).not.toContain(first);
      expect(await pool.extract(TEXTS)).toStrictEqual(direct(TEXTS));
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('refuses a batch on which a second worker stops, naming why, and goes on with the others', async () => {
    const pool = new ExtractionPool(index, 1, { worker: worker(), depth: 1 });
    try {
      await pool.ready;
      const doomed = pool.extract(TEXTS, { lang: 'nl' });
      const after = pool.extract(TEXTS);
      // Stop whichever worker holds the doomed batch, twice (the first one, then its replacement).
      for (let i = 0; i < 2; i++) {
        const [w] = workersOf(pool);
        await w!.terminate();
        await vi.waitFor(() => expect(workersOf(pool)[0]).not.toBe(w));
      }
      await expect(doomed).rejects.toThrow(/^an extraction worker stopped \(exit code \d+\), the second time on this batch of 6 texts$/);
      expect(await after).toStrictEqual(direct(TEXTS));
      expect(pool.size).toBe(1);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('refuses what is still waiting when it is closed, and anything after', async () => {
    const pool = new ExtractionPool(index, 1, { worker: worker(), depth: 1 });
    await pool.ready;
    const waiting = Promise.allSettled(Array.from({ length: 5 }, () => pool.extract(TEXTS)));
    await pool.close();
    const settled = await waiting;
    expect(settled.some((s) => s.status === 'rejected' && /the extraction pool is closed/.test(String(s.reason)))).toBe(true);
    await expect(pool.extract(TEXTS)).rejects.toThrow('the extraction pool is closed');
  }, 60_000);
});
