import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { modules } from '../../../src/modules.ts';
import { useModules, withContext } from '../../../src/platform/cli/toolkit.ts';
import { skillsCli } from '../../../src/skills/cli.ts';
import { listCollections, listSkills } from '../../../src/skills/library/service.ts';
import { createPostgresDatabase, POSTGRES_URL, TEST_SECRET } from '../../helpers/db.ts';
import { makeOrg } from './helpers.ts';
import { tempDir } from '../../helpers/temp.ts';

/**
 * `vaardig skills import` and `vaardig skills export`, run in this process through the command
 * registry against their own database: a fresh VAARDIG_HOME (PGlite) or a fresh PostgreSQL database.
 */
useModules(modules);
const batch = join(import.meta.dirname, '../../fixtures/skills/osmt-batch.csv');

for (const kind of ['pglite', 'postgres'] as const) {
  const run = kind === 'postgres' && !POSTGRES_URL ? describe.skip : describe;
  run(`vaardig skills import/export [${kind}]`, () => {
    const home = tempDir('skills-cli');
    const saved = { ...process.env };
    let database: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
    let slug = '';

    beforeAll(async () => {
      Object.assign(process.env, {
        VAARDIG_HOME: home,
        VAARDIG_SECRET: TEST_SECRET,
        VAARDIG_DEMO: 'false',
        BASE_URL: 'http://cli.vaardig.test',
        LOG_LEVEL: 'silent',
      });
      delete process.env.DATABASE_URL;
      if (kind === 'postgres' && POSTGRES_URL) {
        database = await createPostgresDatabase('vaardig_skcli');
        process.env.DATABASE_URL = database.url;
      }
      slug = await withContext('test setup', async (ctx) => {
        const id = await makeOrg(ctx, 'CLI College');
        return (await ctx.db.selectFrom('organisations').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
      });
    }, 60_000);

    afterAll(async () => {
      process.env = saved;
      rmSync(home, { recursive: true, force: true });
      await database?.drop();
    });

    test('import a CSV into an organisation, then export a collection of it as RSD and CSV', async () => {
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      const error = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        expect(await skillsCli.run(['import', batch, '--org', slug])).toBe(0);
        expect(log.mock.calls.flat().join('\n')).toMatch(/Imported \d+ skills into .*: \d+ new, 0 updated/);
        const collectionId = await withContext('test', async (ctx) => {
          const { createCollection, addSkillsToCollection } = await import('../../../src/skills/library/service.ts');
          const { SYSTEM_USER } = await import('../../../src/skills/library/access.ts');
          const orgId = (await ctx.db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
          const { items } = await listSkills(ctx, SYSTEM_USER, { organisationId: orgId });
          expect(items.length).toBeGreaterThan(0);
          expect(items.every((s) => s.createdBy === null)).toBe(true);
          const collection = await createCollection(ctx, SYSTEM_USER, { organisationId: orgId, name: { en: 'From the CLI' } });
          await addSkillsToCollection(
            ctx,
            SYSTEM_USER,
            collection.id,
            items.map((s) => s.id),
          );
          expect((await listCollections(ctx, SYSTEM_USER, { organisationId: orgId })).total).toBe(1);
          return collection.id;
        });

        const out = join(home, 'export.rsd.json');
        expect(await skillsCli.run(['export', '--collection', collectionId, '--format', 'rsd', '--out', out])).toBe(0);
        const doc = JSON.parse(readFileSync(out, 'utf8'));
        expect(doc.type).toBe('RichSkillCollection');
        expect(doc.skills.map((s: { skillName: string }) => s.skillName)).toContain('Weld steel pipes');

        const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
        try {
          expect(await skillsCli.run(['export', '--collection', collectionId, '--format', 'csv', '--lang', 'en'])).toBe(0);
          expect(String(write.mock.calls[0]?.[0])).toMatch(/^Canonical URL,RSD Name,/);
        } finally {
          write.mockRestore();
        }
      } finally {
        log.mockRestore();
        error.mockRestore();
      }
    }, 60_000);

    test('errors name what is wrong and change nothing', async () => {
      const error = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        const bad = join(import.meta.dirname, '../../fixtures/skills/unterminated-quote.csv');
        expect(await skillsCli.run(['import', bad, '--org', slug])).toBe(1);
        expect(error.mock.calls.flat().join('\n')).toMatch(/unterminated-quote\.csv, line \d+/);
        expect(await skillsCli.run(['import', batch, '--org', 'no-such-org'])).toBe(1);
        expect(error.mock.calls.flat().join('\n')).toContain('no organisation "no-such-org"');
        expect(await skillsCli.run(['export', '--collection', 'nope', '--format', 'pdf'])).toBe(1);
        expect(error.mock.calls.flat().join('\n')).toContain('vaardig skills export: format: Choose one of: rsd, csv, case, ctdl.');
        await expect(skillsCli.run(['export', '--format', 'rsd'])).rejects.toThrow(/--collection is required/);
        // An ESCO file with missing columns: the English file:line: message of its code.
        const esco = join(tempDir('skills-cli-esco'), 'skills_en.csv');
        writeFileSync(esco, 'conceptUri,prefLabel\nhttp://data.europa.eu/esco/skill/x,Weld\n');
        expect(await skillsCli.run(['import-esco', esco])).toBe(1);
        expect(error.mock.calls.flat().join('\n')).toContain(
          `vaardig skills import-esco: ${esco}:1: Column(s) missing: skillType, reuseLevel, preferredLabel`,
        );
      } finally {
        error.mockRestore();
      }
    }, 60_000);
  });
}
