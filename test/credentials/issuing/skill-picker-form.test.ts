import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSession, type CurrentUser } from '../../../src/accounts/api.ts';
import { getAchievement } from '../../../src/credentials/issuing/achievements.ts';
import { hmac } from '../../../src/platform/crypto.ts';
import { buildApp } from '../../../src/platform/http/app.ts';
import { importEsco } from '../../../src/skills/esco/service.ts';
import { describeEachDatabase, TEST_SECRET } from '../../helpers/db.ts';
import { escoFixturePaths } from '../../helpers/esco-fixture.ts';
import { organisationWith, person } from './helpers.ts';

const HASKELL = 'http://data.europa.eu/esco/skill/fixture-skill-2';
const MUSICAL = 'http://data.europa.eu/esco/skill/fixture-skill-1';

describeEachDatabase('the badge form with the skill picker', (ctx) => {
  let app: FastifyInstance;
  let ida: CurrentUser;
  const ids: Record<string, string> = {};
  const seed = 'csrf-seed-picker-0123456789';
  const headers = async (lang = 'en') => {
    const { token } = await createSession(ctx().db, ida.id);
    return {
      cookie: `vaardig_session=${token}; vaardig_csrf=${seed}; vaardig_lang=${lang}`,
      'content-type': 'application/x-www-form-urlencoded',
    };
  };
  const form = (values: [string, string][]) => new URLSearchParams([['_csrf', hmac(TEST_SECRET, seed)], ...values]).toString();
  const base: [string, string][] = [
    ['description', 'Writes Haskell'],
    ['criteriaNarrative', 'Wrote a program'],
    ['achievementType', 'Course'],
    ['language', 'en'],
    ['proofFormat', 'eddsa-rdfc-2022'],
  ];

  beforeAll(async () => {
    await importEsco(ctx(), escoFixturePaths());
    app = await buildApp(ctx(), { logger: false });
    ida = await person(ctx(), 'Ida');
    await organisationWith(ctx(), 'picker-org', [[ida, 'issuer']]);
    for (const [key, uri] of Object.entries({ haskell: HASKELL, musical: MUSICAL }))
      ids[key] = (await ctx().db.selectFrom('skills').select('id').where('external_uri', '=', uri).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => app?.close());

  it('shows the picker with the text box as its fallback, and badge types translated', async () => {
    const en = await app.inject({ url: '/organisations/picker-org/achievements/new', headers: await headers() });
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('data-skill-picker="skill"');
    expect(en.body).toContain('hx-get="/skills/picker?field=skill"');
    expect(en.body).toMatch(/<details class="picker-fallback" open>[\s\S]*<textarea[^>]*name="skills"/);
    expect(en.body).toContain('>Certificate of completion</option>');
    const nl = await app.inject({ url: '/organisations/picker-org/achievements/new', headers: await headers('nl') });
    expect(nl.body).toContain('>Cursus</option>');
    expect(nl.body).toContain('>Bewijs van afronding</option>');
    expect(nl.body).not.toContain('>CertificateOfCompletion</option>');
  });

  it('saves the skills chosen with the picker and those typed in the text box, and shows them as chips when editing', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/organisations/picker-org/achievements/new',
      headers: await headers(),
      payload: form([['name', 'Functional programmer'], ...base, ['skill', ids.haskell], ['skills', MUSICAL]]),
    });
    expect(created.statusCode, created.body).toBe(303);
    const id = String(created.headers.location).split('/').pop() as string;
    const achievement = await getAchievement(ctx(), ida, 'picker-org', id);
    expect(achievement.alignments.map((a) => a.skillId).sort()).toEqual([ids.haskell, ids.musical].sort());
    const edit = await app.inject({ url: `/organisations/picker-org/achievements/${id}/edit`, headers: await headers() });
    expect(edit.body).toMatch(new RegExp(`<input type="checkbox" id="skill-${ids.haskell}" name="skill" value="${ids.haskell}" checked`));
    expect(edit.body).toContain('>Haskell</span>');
    expect(edit.body).toContain('>manage musical staff</span>');
    // Unchecking (or removing the chip of) a skill removes it; two chosen skills are both kept.
    const saved = await app.inject({
      method: 'POST',
      url: `/organisations/picker-org/achievements/${id}/edit`,
      headers: await headers(),
      payload: form([['name', 'Functional programmer'], ...base, ['skill', ids.musical]]),
    });
    expect(saved.statusCode, saved.body).toBe(303);
    expect((await getAchievement(ctx(), ida, 'picker-org', id)).alignments.map((a) => a.skillId)).toEqual([ids.musical]);
    const page = await app.inject({ url: `/organisations/picker-org/achievements/${id}`, headers: await headers('nl') });
    expect(page.body).toContain('Cursus ·');
  });
});
