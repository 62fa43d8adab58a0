import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../../src/platform/http/app.ts';
import { escoCounts, importEsco } from '../../../src/skills/esco/service.ts';
import { describeEachDatabase, testConfig } from '../../helpers/db.ts';
import { Browser, signedInBrowser } from '../../accounts/support.ts';
import { escoFixtureDir } from '../../helpers/esco-fixture.ts';
import { tempDir } from '../../helpers/temp.ts';

const FIXTURE = escoFixtureDir();

/** A data folder laid out like ../shared/data: esco/v1.1.1 with the zips, esco/v1.1.x-nl-partial with Dutch CSVs. */
function dataDir(): string {
  const dir = tempDir('esco-data');
  const full = join(dir, 'esco', 'v1.1.1');
  mkdirSync(full, { recursive: true });
  execFileSync('zip', ['-q', '-j', '-r', join(full, 'ESCO dataset - v1.2.0 - classification - en - csv.zip'), join(FIXTURE, 'en')]);
  execFileSync('zip', ['-q', '-j', '-r', join(full, 'ESCO dataset - v1.2.0 - classification -  - csv.zip'), join(FIXTURE, 'relations')]);
  cpSync(join(FIXTURE, 'nl'), join(dir, 'esco', 'v1.1.x-nl-partial'), { recursive: true });
  return dir;
}

describeEachDatabase(
  'ESCO import page and job',
  (ctx) => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await buildApp(ctx(), { logger: false });
    });
    afterAll(async () => {
      await app.close();
    });

    it('is for the operator only', async () => {
      expect((await new Browser(app).get('/skills/import')).statusCode).toBe(302); // to sign in
      expect((await app.inject({ method: 'GET', url: '/api/v1/skill-imports/00000000-0000-0000-0000-000000000000' })).statusCode).toBe(401);
      const { browser } = await signedInBrowser(ctx(), app);
      expect((await browser.get('/skills/import')).statusCode).toBe(403);
      expect((await browser.post('/skills/import', {})).statusCode).toBe(403);
      expect((await browser.api('GET', '/api/v1/skill-imports/00000000-0000-0000-0000-000000000000')).statusCode).toBe(403);
    });

    it('queues an import of the data folder, which runs as a job with progress', async () => {
      const { browser } = await signedInBrowser(ctx(), app, { operator: true });
      const nlBrowser = new Browser(app, 'nl');
      nlBrowser.cookies = browser.cookies;
      const page = await nlBrowser.get('/skills/import');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('ESCO importeren');
      expect(page.body).toContain('Deze dienst gebruikt de ESCO-classificatie');

      const bad = await browser.post('/skills/import', { paths: '/no/such/folder' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('There is no file or folder at /no/such/folder');

      const queued = await browser.post('/skills/import', { paths: '' });
      expect(queued.statusCode).toBe(303);
      const run = await ctx().db.selectFrom('skill_imports').selectAll().executeTakeFirstOrThrow();
      expect(run.status).toBe('queued');
      expect(run.paths).toHaveLength(2);
      const listed = await browser.get('/skills/import');
      expect(listed.body).toContain('hx-get="/skills/import/runs"');
      expect(listed.body).toContain('every 2s');
      expect(listed.body).toContain('Queued');

      await ctx().jobs.work();
      let progress: any;
      for (let i = 0; i < 150; i++) {
        progress = (await browser.api('GET', `/api/v1/skill-imports/${run.id}`)).json();
        if (progress.status === 'done' || progress.status === 'failed') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(progress).toMatchObject({
        status: 'done',
        percent: 100,
        error: null,
        counts: { skills: 5, groups: 4, occupations: 3, occupationSkills: 6 },
      });
      expect(await escoCounts(ctx().db)).toMatchObject({ skills: 5, groups: 4, occupationSkills: 6, collectionSkills: 2 });
      const fragment = await browser.get('/skills/import/runs');
      expect(fragment.body).toContain('100%');
      expect(fragment.body).toContain('5 skills, 4 groups, 3 occupations, 6 occupation–skill relations');
      const missing = await browser.api('GET', '/api/v1/skill-imports/not-a-run');
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ code: 'skills:errors.importRunNotFound', field: 'id' });
    });

    it("a run that failed on a bad file says why in the reader's language, and in English in the API", async () => {
      const file = join(tempDir('esco-bad-columns'), 'skills_en.csv');
      writeFileSync(file, 'conceptUri,prefLabel\nhttp://data.europa.eu/esco/skill/x,Weld\n');
      const error = await importEsco(ctx(), [file]).catch((e) => e);
      expect(error).toMatchObject({ code: 'skills:errors.escoMissingColumns', params: { file, line: 1 } });
      const { browser } = await signedInBrowser(ctx(), app, { operator: true });
      const nlBrowser = new Browser(app, 'nl');
      nlBrowser.cookies = browser.cookies;
      const nl = await nlBrowser.get('/skills/import/runs');
      expect(nl.body).toContain(`In ${file}, regel 1: Ontbrekende kolom(men): skillType, reuseLevel, preferredLabel`);
      expect(nl.body).toContain('Mislukt');
      expect(nl.body).not.toMatch(/missing|Column|line 1/);
      const en = await browser.get('/skills/import/runs');
      expect(en.body).toContain(`In ${file}, line 1: Column(s) missing: skillType, reuseLevel, preferredLabel`);
      const run = await ctx()
        .db.selectFrom('skill_imports')
        .select('id')
        .where('error_code', '=', 'skills:errors.escoMissingColumns')
        .executeTakeFirstOrThrow();
      const api = await browser.api('GET', `/api/v1/skill-imports/${run.id}`);
      expect(api.json()).toMatchObject({
        status: 'failed',
        errorCode: 'skills:errors.escoMissingColumns',
        errorParams: { file, line: 1 },
        error: `${file}:1: Column(s) missing: skillType, reuseLevel, preferredLabel, altLabels, hiddenLabels, description (the file has: conceptUri, prefLabel).`,
      });
    });
  },
  () => testConfig({ dataDir: dataDir() }),
);
