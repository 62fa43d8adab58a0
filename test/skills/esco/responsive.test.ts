import { appendFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../../src/platform/http/app.ts';
import { escoCounts, importEsco } from '../../../src/skills/esco/service.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { escoFixtureDir } from '../../helpers/esco-fixture.ts';
import { tempDir } from '../../helpers/temp.ts';

/** How many skills the scaled-up fixture adds: enough for an import of several seconds on PGlite. */
const SKILLS = 3000;

/**
 * The hand-written fixture scaled up (the real ESCO files are not used here, so the test runs
 * everywhere): the English folder with SKILLS more skills, each with its alternative labels,
 * and a broader relation for every skill.
 */
function scaledFixture(): string[] {
  const dir = tempDir('esco-scaled');
  const en = join(dir, 'en');
  const relations = join(dir, 'relations');
  cpSync(join(escoFixtureDir(), 'en'), en, { recursive: true });
  cpSync(join(escoFixtureDir(), 'relations'), relations, { recursive: true });
  const lines: string[] = [];
  const broader: string[] = [];
  for (let i = 0; i < SKILLS; i++) {
    const uri = `http://data.europa.eu/esco/skill/scaled-${i}`;
    const alt = [`operate machine ${i}`, `run equipment number ${i}`, `handle tool ${i}`, `maintain device ${i}`].join('\n');
    lines.push(
      `KnowledgeSkillCompetence,${uri},skill/competence,sector-specific,apply technique ${i},"${alt}",,released,2020-01-01T00:00:00Z,,,,"Apply technique number ${i} in daily work."`,
    );
    broader.push(`KnowledgeSkillCompetence,${uri},SkillGroup,http://data.europa.eu/esco/skill/fixture-group-${(i % 4) + 1}`);
  }
  appendFileSync(join(en, 'skills_en.csv'), `${lines.join('\n')}\n`);
  appendFileSync(join(relations, 'broaderRelationsSkillPillar.csv'), `${broader.join('\n')}\n`);
  return [en, relations];
}

/**
 * Issue 7: the first start stalled every request for 15–27 s while the background ESCO import ran.
 * While an import writes, a page must still answer within 1 s (measured here, the one kind of timed
 * assertion the house allows), and the import must still finish with everything in it.
 */
describeEachDatabase('ESCO import keeps the server answering', (ctx) => {
  let app: FastifyInstance;
  let paths: string[];
  beforeAll(async () => {
    paths = scaledFixture();
    app = await buildApp(ctx(), { logger: false });
    // Warm the pages up, so the measurement is of waiting, not of a first render.
    for (const url of ['/', '/skills']) expect((await app.inject({ method: 'GET', url })).statusCode).toBe(200);
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers GET / and GET /skills within 1 s while the import writes', { timeout: 300_000 }, async () => {
    let writing!: () => void;
    const started = new Promise<void>((resolve) => {
      writing = resolve;
    });
    let finished = false;
    const run = importEsco(ctx(), paths, {
      onProgress: ({ phase, done }) => {
        if (phase === 'skills' && done > 0) writing();
      },
    }).finally(() => {
      finished = true;
    });
    await started;

    const timings: { url: string; ms: number; during: boolean }[] = [];
    for (const url of ['/', '/skills', '/', '/skills']) {
      const t = performance.now();
      const response = await app.inject({ method: 'GET', url });
      timings.push({ url, ms: Math.round(performance.now() - t), during: !finished });
      expect(response.statusCode).toBe(200);
    }
    const result = await run;

    // Every request was answered while the import was still running, each within 1 s.
    expect(
      timings.filter((t) => !t.during),
      JSON.stringify(timings),
    ).toEqual([]);
    for (const t of timings) expect(t.ms, JSON.stringify(timings)).toBeLessThan(1000);
    expect(result.counts.skills).toBe(SKILLS + 5);
    expect((await escoCounts(ctx().db)).skills).toBe(SKILLS + 5);
  });
});
