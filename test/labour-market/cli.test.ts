import { format } from 'node:util';
import pino from 'pino';
import { beforeAll, expect, test } from 'vitest';
import { modules } from '../../src/modules.ts';
import { runCli } from '../../src/platform/cli/commands.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { createContext } from '../../src/platform/context.ts';
import { TEST_SECRET } from '../helpers/db.ts';
import { tempDir } from '../helpers/temp.ts';
import { makeOrg, makeUser } from '../skills/library/helpers.ts';

/** `vaardig vacancies …` as a script runs it, on an embedded database of its own. */
const env = {
  BASE_URL: 'http://vaardig.test',
  VAARDIG_HOME: tempDir('lm-cli'),
  VAARDIG_DEMO: 'false',
  LOG_LEVEL: 'silent',
  VAARDIG_SECRET: TEST_SECRET,
};
let sourceId: string;

async function vaardig(...args: string[]) {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const out: string[] = [];
  const { log, error } = console;
  Object.assign(process.env, env);
  console.log = (...parts: unknown[]) => void out.push(format(...parts));
  console.error = (...parts: unknown[]) => void out.push(format(...parts));
  try {
    return { code: await runCli(modules, args), out: out.join('\n') };
  } finally {
    Object.assign(console, { log, error });
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

beforeAll(async () => {
  const ctx = await createContext(loadConfig({ ...process.env, ...env }), modules, { log: pino({ level: 'silent' }) });
  try {
    const analyst = await makeUser(ctx, 'Analyst');
    const org = await makeOrg(ctx, 'Cli observatory', [[analyst, 'analyst']]);
    const source = await ctx.db
      .insertInto('vacancy_sources')
      .values({
        organisation_id: org,
        kind: 'feed',
        name: 'CLI feed',
        schedule: 'manual',
        settings: JSON.stringify({ format: 'json', url: null, records: '', mapping: {} }),
        upload: JSON.stringify([
          { id: 'a', title: 'Kok', description: 'Je kookt voor onze gasten.' },
          { id: 'b', title: 'Afwasser' },
        ]),
        upload_name: 'feed.json',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    sourceId = source.id;
  } finally {
    await ctx.close();
  }
});

test('vacancies sources, run and tag', async () => {
  const listed = await vaardig('vacancies', 'sources');
  expect(listed.code).toBe(0);
  expect(listed.out).toContain(`${sourceId}  feed  never    CLI feed  -`);
  const run = await vaardig('vacancies', 'run', sourceId);
  expect(run.code, run.out).toBe(0);
  expect(run.out).toMatch(/^done: .*"new":2/);
  expect((await vaardig('vacancies', 'sources')).out).toContain(`${sourceId}  feed  ok `);
  const tag = await vaardig('vacancies', 'tag');
  expect(tag.code).toBe(0);
  expect(tag.out).toMatch(/tagged, \d+ waiting/);
  const bad = await vaardig('vacancies', 'run', 'nope');
  expect(bad.code).toBe(2);
  expect((await vaardig('vacancies', '--help')).out).toContain('Usage: vaardig vacancies <subcommand>');
});
