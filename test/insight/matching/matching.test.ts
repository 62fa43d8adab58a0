/**
 * Matching, next badge and the employer's team view (issue 12; src/insight/matching, docs/matching.md)
 * on a hand-made world whose right answers one can check by hand, on both databases, through the
 * services and the JSON API and pages: who sees what (another organisation, another person, signed
 * out) and bad input (coded errors naming the field; nothing stored is lost).
 *
 * The world: local skills weld, tig (narrower than weld), drawings, report, safety, cook, forklift;
 * the occupation "welder" (ESCO-like: weld and safety essential, report optional); the harvesting
 * organisation's three vacancies — Welder (names weld, drawings, report; occupation welder), Cook
 * (cook), Forklift driver (forklift, safety). The welder's requirements: weld 2, drawings 2,
 * report 1 (optional), safety 1 (essential for the occupation, not named) — 6 points in all.
 * Ann holds weld and drawings (4/6 = 67 %), Bob tig (weld at half: 1/6 = 17 %), Cas nothing,
 * Dee everything but has not opted in.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember, type CurrentUser, createOrganisation, getCurrentUser } from '../../../src/accounts/api.ts';
import { allItems, setFindable, setItemState } from '../../../src/backpack/api.ts';
import { createAchievement, issueCredential } from '../../../src/credentials/api.ts';
import { changeCredentialStatus } from '../../../src/credentials/issuing/issue.ts';
import { candidatesFor, matchesForPerson, nextBadges, vacancyMatch } from '../../../src/insight/matching/service.ts';
import { teamView } from '../../../src/insight/matching/team.ts';
import { submitVacancy } from '../../../src/labour-market/api.ts';
import { createPathway } from '../../../src/pathways/api.ts';
import { buildApp } from '../../../src/platform/http/app.ts';
import { Browser, expectProblem, signedInBrowser } from '../../accounts/support.ts';
import { person } from '../../credentials/issuing/helpers.ts';
import { describeEachDatabase } from '../../helpers/db.ts';

type Signed = Awaited<ReturnType<typeof signedInBrowser>>;

async function put(who: Browser, url: string, payload: unknown): Promise<LightMyRequestResponse> {
  if (!who.csrf) await who.get('/');
  return who.app.inject({
    method: 'PUT',
    url,
    payload: JSON.stringify(payload),
    headers: {
      cookie: [...who.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; '),
      'x-csrf-token': who.csrf,
      'content-type': 'application/json',
    },
  });
}

describeEachDatabase('matching, next badge and team skills', (ctx) => {
  let app: FastifyInstance;
  const skill: Record<string, string> = {};
  const vacancy: Record<string, string> = {};
  const badge: Record<string, string> = {};
  let harvester: { id: string; slug: string };
  let analyst: CurrentUser;
  let owner: Signed;
  let analystBrowser: Signed;
  let member: Signed;
  let outsider: Signed;
  let ann: Signed;
  let bob: Signed;
  let cas: Signed;
  let dee: Signed;
  let anon: Browser;
  const annCredentials: Record<string, string> = {};
  let school: { slug: string; issuer: CurrentUser };

  async function newSkill(name: string): Promise<string> {
    const { rows } = await sql<{ id: string }>`
      insert into skills (source, kind, name, status) values ('local', 'skill', ${JSON.stringify({ en: name, nl: `${name} (nl)` })}::jsonb, 'published')
      returning id`.execute(ctx().db);
    return rows[0].id;
  }

  async function holds(who: Signed, names: string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const name of names) {
      const issued = await issueCredential(ctx(), school.issuer, school.slug, {
        achievementId: badge[name],
        recipient: { email: who.email, name: 'Holder' },
        notify: false,
      });
      out[name] = issued.id;
    }
    for (const item of await allItems(ctx(), who.userId)) await setItemState(ctx(), who.userId, item.id, 'accepted');
    return out;
  }

  async function optIn(who: Signed) {
    const user = (await getCurrentUser(ctx().db, who.userId)) as CurrentUser;
    await setFindable(ctx(), user, true);
  }

  const userOf = async (who: Signed) => (await getCurrentUser(ctx().db, who.userId)) as CurrentUser;

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    for (const name of ['weld', 'tig', 'drawings', 'report', 'safety', 'cook', 'forklift'])
      skill[name] = await newSkill(`${name} ${Math.random().toString(36).slice(2, 6)}`);
    await sql`insert into skill_broader (skill_id, broader_id) values (${skill.tig}, ${skill.weld})`.execute(ctx().db);
    const { rows } = await sql<{
      id: string;
    }>`insert into occupations (name) values (${JSON.stringify({ en: 'welder', nl: 'lasser' })}::jsonb) returning id`.execute(ctx().db);
    const welder = rows[0].id;
    for (const [name, relation] of [
      ['weld', 'essential'],
      ['safety', 'essential'],
      ['report', 'optional'],
    ])
      await sql`insert into occupation_skills (occupation_id, skill_id, relation_type) values (${welder}, ${skill[name]}, ${relation})`.execute(
        ctx().db,
      );

    // The harvesting organisation: an owner, an analyst, a plain member; its three vacancies, tagged by hand.
    const slug = `harvest-${Math.random().toString(36).slice(2, 8)}`;
    const org = await createOrganisation(ctx().db, { slug, name: 'Harvester', kind: 'network', description: 'Test' });
    harvester = { id: org.id, slug };
    owner = await signedInBrowser(ctx(), app, { name: 'Owner' });
    await addMember(ctx().db, org.id, owner.userId, 'owner');
    analystBrowser = await signedInBrowser(ctx(), app, { name: 'Analyst' });
    await addMember(ctx().db, org.id, analystBrowser.userId, 'analyst');
    analyst = await userOf(analystBrowser);
    member = await signedInBrowser(ctx(), app, { name: 'Member' });
    await addMember(ctx().db, org.id, member.userId, 'member');
    outsider = await signedInBrowser(ctx(), app, { name: 'Outsider' });
    const other = await createOrganisation(ctx().db, { slug: `other-${slug}`, name: 'Other', kind: 'employer', description: 'Test' });
    await addMember(ctx().db, other.id, outsider.userId, 'owner');
    for (const [title, names, occupation] of [
      ['Welder', ['weld', 'drawings', 'report'], welder],
      ['Cook', ['cook'], null],
      ['Forklift driver', ['forklift', 'safety'], null],
    ] as const) {
      const { vacancyId } = await submitVacancy(ctx(), analyst, { organisation: slug, title, description: `${title} wanted.` });
      vacancy[title] = vacancyId;
      await sql`update vacancies set occupation_id = ${occupation}, occupation_label = ${occupation ? 'welder' : null}, tagged_at = now() where id = ${vacancyId}`.execute(
        ctx().db,
      );
      await sql`delete from vacancy_skills where vacancy_id = ${vacancyId}`.execute(ctx().db);
      for (const [i, name] of names.entries())
        await sql`insert into vacancy_skills (vacancy_id, skill_id, label, score, spans) values (${vacancyId}, ${skill[name]}, ${name}, ${1 - i / 10}, '[]'::jsonb)`.execute(
          ctx().db,
        );
    }

    // A school with a badge per skill, and a pathway over drawings and safety.
    const issuer = await person(ctx(), 'Issuer');
    const schoolSlug = `school-${slug}`;
    const schoolOrg = await createOrganisation(ctx().db, { slug: schoolSlug, name: 'School', kind: 'school', description: 'Test' });
    await addMember(ctx().db, schoolOrg.id, issuer.id, 'owner');
    school = { slug: schoolSlug, issuer };
    const titles: Record<string, string> = {
      weld: 'Welding basics',
      tig: 'TIG welding',
      drawings: 'Reading drawings',
      safety: 'Safety at work',
      cook: 'Cooking',
    };
    for (const [name, title] of Object.entries(titles))
      badge[name] = (
        await createAchievement(ctx(), issuer, schoolSlug, {
          name: title,
          description: `${title}.`,
          criteriaNarrative: 'Did it.',
          skills: [skill[name]],
          language: 'en',
        })
      ).id;
    const pathwayBadge = await createAchievement(ctx(), issuer, schoolSlug, {
      name: 'Metal basics certificate',
      description: 'The pathway badge.',
      criteriaNarrative: 'Both steps.',
      language: 'en',
    });
    await createPathway(ctx(), issuer, schoolSlug, {
      name: 'Metal basics',
      achievementId: pathwayBadge.id,
      status: 'published',
      steps: [{ achievements: [badge.drawings] }, { achievements: [badge.safety] }],
    });

    // The people.
    ann = await signedInBrowser(ctx(), app, { name: 'Ann' });
    bob = await signedInBrowser(ctx(), app, { name: 'Bob' });
    cas = await signedInBrowser(ctx(), app, { name: 'Cas' });
    dee = await signedInBrowser(ctx(), app, { name: 'Dee' });
    anon = new Browser(app);
    Object.assign(annCredentials, await holds(ann, ['weld', 'drawings']));
    await holds(bob, ['tig']);
    await holds(dee, ['weld', 'drawings', 'safety']);
    for (const who of [ann, bob, cas]) await optIn(who);
  }, 120_000);
  afterAll(() => app.close());

  describe('a person’s matches', () => {
    test('vacancies ranked by verified skills, explained: met, met through a related skill, missing, essential vs optional', async () => {
      const result = await matchesForPerson(ctx(), await userOf(ann), 'en');
      const mine = result.items.filter((i) => Object.values(vacancy).includes(i.vacancy.id));
      expect(mine.map((i) => i.vacancy.title)).toEqual(['Welder']);
      const e = mine[0].explanation;
      expect(e.percent).toBe(67);
      expect([e.points, e.possible]).toEqual([4, 6]);
      expect([e.essentialMet, e.essentialTotal, e.optionalMet, e.optionalTotal]).toEqual([2, 3, 0, 1]);
      expect(e.met.map((r) => [r.skillId, r.kind, r.source, r.badges])).toEqual([
        [skill.drawings, 'essential', 'vacancy', ['Reading drawings']],
        [skill.weld, 'essential', 'both', ['Welding basics']],
      ]);
      expect(e.missing.map((r) => [r.skillId, r.kind, r.source])).toEqual([
        [skill.safety, 'essential', 'occupation'],
        [skill.report, 'optional', 'both'],
      ]);
      // Names in the reader's language.
      expect(
        (await matchesForPerson(ctx(), await userOf(ann), 'nl')).items.find((i) => i.vacancy.id === vacancy.Welder)?.explanation.met[0]
          .name,
      ).toMatch(/^drawings .* \(nl\)$/);

      const bobs = await vacancyMatch(ctx(), await userOf(bob), 'en', vacancy.Welder);
      expect(bobs.explanation.percent).toBe(17);
      expect(bobs.explanation.related).toHaveLength(1);
      expect(bobs.explanation.related[0]).toMatchObject({ skillId: skill.weld, credit: 'related', via: { skillId: skill.tig } });
      expect(bobs.explanation.related[0].badges).toEqual(['TIG welding']);
    });

    test('a revoked badge no longer counts', async () => {
      const carl = await signedInBrowser(ctx(), app, { name: 'Carl' });
      const issued = await holds(carl, ['weld', 'drawings']);
      await optIn(carl);
      expect((await vacancyMatch(ctx(), await userOf(carl), 'en', vacancy.Welder)).explanation.percent).toBe(67);
      await changeCredentialStatus(ctx(), school.issuer, school.slug, issued.weld, 'revoke', 'Issued in error');
      const after = await vacancyMatch(ctx(), await userOf(carl), 'en', vacancy.Welder);
      expect(after.explanation.percent).toBe(33);
      expect(after.explanation.missing.map((r) => r.skillId)).toContain(skill.weld);
    });

    test('without the opt-in nothing is matched: 409 naming the opt-in; turning it on and off through the API', async () => {
      const problem = expectProblem(await dee.browser.api('GET', '/api/v1/insight/matching/vacancies'), 409);
      expect(problem).toMatchObject({ code: 'insight:errors.notOptedIn', field: 'optIn' });
      expect((await dee.browser.api('GET', '/api/v1/insight/matching/settings')).json().optIn).toBe(false);
      const on = await put(dee.browser, '/api/v1/insight/matching/opt-in', { optIn: true });
      expect(on.statusCode, on.body).toBe(200);
      const list = await dee.browser.api('GET', '/api/v1/insight/matching/vacancies?limit=50');
      expect(list.statusCode, list.body).toBe(200);
      const welder = list.json().items.find((i: { vacancy: { id: string } }) => i.vacancy.id === vacancy.Welder);
      expect(welder.explanation.percent).toBe(83);
      expect((await put(dee.browser, '/api/v1/insight/matching/opt-in', { optIn: false })).json()).toEqual({ optIn: false });
      expectProblem(await dee.browser.api('GET', `/api/v1/insight/matching/vacancies/${vacancy.Welder}`), 409);
    });

    test('the person’s page: the switch, the matched vacancy with its explanation, and a next badge', async () => {
      const page = await ann.browser.get('/insight/matching');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Matching is on');
      expect(page.body).toContain(`/insight/matching/vacancies/${vacancy.Welder}`);
      expect(page.body).toContain('67 % match');
      const one = await ann.browser.get(`/insight/matching/vacancies/${vacancy.Welder}`);
      expect(one.statusCode).toBe(200);
      expect(one.body).toContain('Proven by: Welding basics');
      expect(one.body).toContain('Skills you are missing (2)');
      expect(one.body).toContain('Metal basics');
      // Off by default: Cas's opt-in was made by the test; a new person sees the switch off.
      const fresh = await signedInBrowser(ctx(), app, { name: 'Fresh' });
      const off = await fresh.browser.get('/insight/matching');
      expect(off.body).toContain('Matching is off');
      expect(off.body).not.toContain('67 % match');
      const turned = await fresh.browser.post('/insight/matching/opt-in', { optIn: 'on' });
      expect(turned.statusCode).toBe(303);
      expect((await fresh.browser.get('/insight/matching')).body).toContain('Matching is on');
    });
  });

  describe('the next badge', () => {
    test('for a vacancy: most of the gap for the least effort, explained', async () => {
      // Ann misses safety (1) and report (1, no badge teaches it): the pathway needs one more badge for her (she has drawings), as does the safety badge; equal, so by name.
      const advice = await nextBadges(ctx(), await userOf(ann), 'en', { kind: 'vacancy', id: vacancy.Welder });
      expect(advice.percent).toBe(67);
      expect(advice.suggestions.map((s) => [s.kind, s.name, s.effort, s.percentAfter])).toEqual([
        ['pathway', 'Metal basics', 1, 83],
        ['badge', 'Safety at work', 1, 83],
      ]);
      expect(advice.suggestions[1].closes.map((c) => [c.skillId, c.kind])).toEqual([[skill.safety, 'essential']]);
      // Bob (tig): drawings adds 2/6 for one badge; the pathway 3/6 over two; welding and safety 1/6 each, by name.
      const bobs = await nextBadges(ctx(), await userOf(bob), 'en', { kind: 'vacancy', id: vacancy.Welder, limit: '10' });
      expect(bobs.suggestions.map((s) => s.name)).toEqual(['Reading drawings', 'Metal basics', 'Safety at work', 'Welding basics']);
      expect(bobs.suggestions[1]).toMatchObject({ kind: 'pathway', effort: 2, percentAfter: 67 });
    });

    test('for an occupation and for the demand; through the API with its bad input', async () => {
      const occupation = (
        await sql<{ id: string }>`select occupation_id as id from vacancies where id = ${vacancy.Welder}`.execute(ctx().db)
      ).rows[0].id;
      const byOccupation = await ann.browser.api('GET', `/api/v1/insight/next-badge?kind=occupation&id=${occupation}`);
      expect(byOccupation.statusCode, byOccupation.body).toBe(200);
      // The occupation: weld 2, safety 2, report 1 → Ann holds weld: 40 %; the pathway (one badge left for her) and the safety badge add 40 points each, by name.
      expect(byOccupation.json().percent).toBe(40);
      expect(byOccupation.json().suggestions.map((s: { name: string; percentAfter: number }) => [s.name, s.percentAfter])).toEqual([
        ['Metal basics', 80],
        ['Safety at work', 80],
      ]);
      const demand = await ann.browser.api('GET', '/api/v1/insight/next-badge?kind=demand');
      expect(demand.statusCode, demand.body).toBe(200);
      expect(demand.json().target.kind).toBe('demand');
      for (const [query, field, status] of [
        ['kind=job', 'kind', 400],
        ['kind=vacancy', 'id', 400],
        ['kind=vacancy&id=nope', 'id', 404],
        ['kind=occupation&id=00000000-0000-4000-8000-000000000000', 'id', 404],
        ['limit=0', 'limit', 400],
        ['limit=x', 'limit', 400],
      ] as const) {
        const problem = expectProblem(await ann.browser.api('GET', `/api/v1/insight/next-badge?${query}`), status);
        expect(problem.field, query).toBe(field);
      }
      expect(expectProblem(await anon.api('GET', '/api/v1/insight/next-badge'), 401).code).toBe('platform:errors.unauthorized');
    });
  });

  describe('an employer’s candidates', () => {
    test('opted-in people ranked for the organisation’s vacancy by their skills alone, explained', async () => {
      const result = await candidatesFor(ctx(), analyst, harvester.slug, vacancy.Welder, 'en');
      const names = result.candidates.map((c) => c.name);
      expect(names.indexOf('Ann')).toBeLessThan(names.indexOf('Bob'));
      expect(names).not.toContain('Dee'); // not opted in
      expect(names).not.toContain('Cas'); // opted in, but none of the skills
      expect(result.candidates.find((c) => c.name === 'Ann')?.explanation.percent).toBe(67);
      const api = await analystBrowser.browser.api(
        'GET',
        `/api/v1/insight/organisations/${harvester.slug}/candidates?vacancy=${vacancy.Welder}`,
      );
      expect(api.statusCode, api.body).toBe(200);
      expect(Object.keys(api.json().candidates[0])).toEqual(['name', 'explanation']);
      const page = await owner.browser.get(`/organisations/${harvester.slug}/insight/candidates?vacancy=${vacancy.Welder}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Candidates for “Welder”');
      expect(page.body).toContain('Ann');
    });

    test('another organisation, a plain member, another person and the signed out are refused; a vacancy not of the organisation is not found', async () => {
      const url = `/api/v1/insight/organisations/${harvester.slug}/candidates?vacancy=${vacancy.Welder}`;
      for (const who of [outsider, member, ann]) expectProblem(await who.browser.api('GET', url), 403);
      expectProblem(await anon.api('GET', url), 401);
      const page = await outsider.browser.get(`/organisations/${harvester.slug}/insight/candidates`);
      expect(page.statusCode).toBe(403);
      expect((await anon.get(`/organisations/${harvester.slug}/insight/candidates`)).headers.location).toMatch(/^\/signin/);
      // The outsider's own organisation does not own the welder vacancy.
      const theirs = await outsider.browser.api(
        'GET',
        `/api/v1/insight/organisations/other-${harvester.slug}/candidates?vacancy=${vacancy.Welder}`,
      );
      expect(expectProblem(theirs, 404).field).toBe('vacancy');
      const badPage = await owner.browser.get(`/organisations/${harvester.slug}/insight/candidates?vacancy=nope`);
      expect(badPage.statusCode).toBe(404);
      expect(badPage.body).toContain('This vacancy was not found among the current vacancies.');
    });
  });

  describe('an employer’s targets and team', () => {
    test('only members who share are shown; the matrix and what closes the gaps', async () => {
      await addMember(ctx().db, harvester.id, ann.userId, 'member');
      await addMember(ctx().db, harvester.id, bob.userId, 'member');
      const saved = await put(owner.browser, `/api/v1/insight/organisations/${harvester.slug}/targets`, {
        targets: [
          { skill: skill.weld, wanted: 2 },
          { skill: skill.report, wanted: 1 },
        ],
      });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json().people).toEqual([]); // nobody shares yet
      // Ann shares; Bob does not; Cas (no member) cannot.
      expect((await put(ann.browser, `/api/v1/insight/matching/shares/${harvester.slug}`, { shared: true })).json()).toEqual({
        organisation: harvester.slug,
        shared: true,
      });
      expect(expectProblem(await put(cas.browser, `/api/v1/insight/matching/shares/${harvester.slug}`, { shared: true }), 403).field).toBe(
        'organisation',
      );
      const view = await teamView(ctx(), analyst, harvester.slug, 'en');
      // Targets by name (report before weld): Ann holds weld, not report.
      expect(view.targets.map((t) => t.skillId)).toEqual([skill.report, skill.weld]);
      expect(view.people).toEqual([{ userId: ann.userId, name: 'Ann', cells: ['missing', 'held'] }]);
      const weld = view.targets.find((t) => t.skillId === skill.weld);
      expect(weld).toMatchObject({ wanted: 2, holders: 1, gap: 1 });
      expect(weld?.badges.map((b) => b.name)).toEqual(['Welding basics']);
      const report = view.targets.find((t) => t.skillId === skill.report);
      expect(report).toMatchObject({ holders: 0, gap: 1, badges: [], pathways: [], themes: [] });
      const page = await owner.browser.get(`/organisations/${harvester.slug}/insight/team`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Team skills matrix');
      expect(page.body).toContain('table-scroll');
      expect(page.body).toContain('None yet: no badge, pathway or community theme of the network teaches this skill.');
      // Ann stops sharing: she is gone at once.
      await put(ann.browser, `/api/v1/insight/matching/shares/${harvester.slug}`, { shared: false });
      expect((await teamView(ctx(), analyst, harvester.slug, 'en')).people).toEqual([]);
    });

    test('bad targets are refused naming the field, and the stored targets stay', async () => {
      const url = `/api/v1/insight/organisations/${harvester.slug}/targets`;
      const before = (await owner.browser.api('GET', `/api/v1/insight/organisations/${harvester.slug}/team`)).json().targets;
      expect(before).toHaveLength(2);
      const bad = await put(owner.browser, url, {
        targets: [
          { skill: skill.weld, wanted: 2 },
          { skill: 'no such skill', wanted: 1 },
          { skill: skill.safety, wanted: 0 },
        ],
      });
      const problem = expectProblem(bad, 400);
      expect(problem.field).toBe('targets.1.skill');
      expect((problem.errors as { field: string }[]).map((e) => e.field)).toEqual(['targets.1.skill', 'targets.2.wanted']);
      expect((expectProblem(await put(owner.browser, url, { targets: 'weld' }), 400).errors as { field: string }[])[0].field).toBe(
        'targets',
      );
      expect((await owner.browser.api('GET', `/api/v1/insight/organisations/${harvester.slug}/team`)).json().targets).toEqual(before);
      // The form: the error next to its field, in Dutch too.
      const form = await owner.browser.post(`/organisations/${harvester.slug}/insight/targets`, {
        'targets.0.skill': skill.weld,
        'targets.0.wanted': 'two',
      });
      expect(form.statusCode).toBe(400);
      expect(form.body).toContain('id="targets.0.wanted-error"');
      // The analyst may look but not set; another organisation and the signed out neither.
      for (const who of [analystBrowser, outsider, member]) expectProblem(await put(who.browser, url, { targets: [] }), 403);
      expectProblem(await put(anon, url, { targets: [] }), 401);
      for (const who of [outsider, member, ann])
        expectProblem(await who.browser.api('GET', `/api/v1/insight/organisations/${harvester.slug}/team`), 403);
      expect((await owner.browser.api('GET', `/api/v1/insight/organisations/${harvester.slug}/team`)).json().targets).toEqual(before);
    });

    test('bad input to the person’s routes names the field', async () => {
      expect(expectProblem(await put(ann.browser, '/api/v1/insight/matching/opt-in', { optIn: 'maybe' }), 400).field).toBe('optIn');
      expect(expectProblem(await put(ann.browser, '/api/v1/insight/matching/shares/no-such-org', { shared: true }), 403).field).toBe(
        'organisation',
      );
      expect(expectProblem(await put(ann.browser, `/api/v1/insight/matching/shares/${harvester.slug}`, {}), 400).field).toBe('share');
      expect(expectProblem(await ann.browser.api('GET', '/api/v1/insight/matching/vacancies?limit=1000'), 400).field).toBe('limit');
      expect(expectProblem(await ann.browser.api('GET', '/api/v1/insight/matching/vacancies/nope'), 404).field).toBe('id');
      expectProblem(await anon.api('GET', '/api/v1/insight/matching/settings'), 401);
      expectProblem(await put(anon, '/api/v1/insight/matching/opt-in', { optIn: true }), 401);
      // Ann is still opted in after the refused change.
      expect((await ann.browser.api('GET', '/api/v1/insight/matching/settings')).json().optIn).toBe(true);
    });
  });

  describe('the pages: home panel, vacancy section, target choice; who may see them and bad input', () => {
    test('the home page: matches and a next badge for who opted in, an invitation for who has skills but did not, nothing for who has neither', async () => {
      const home = await ann.browser.get('/');
      expect(home.statusCode).toBe(200);
      expect(home.body).toContain('aria-labelledby="matching-panel"');
      expect(home.body).toContain(`/insight/matching/vacancies/${vacancy.Welder}`);
      expect(home.body).toContain('67 % match');
      expect(home.body).toContain('Badge to earn next');
      const invited = await dee.browser.get('/');
      expect(invited.body).toContain('Your badges prove 3 skills.');
      expect(invited.body).not.toContain('% match');
      const nothing = await signedInBrowser(ctx(), app, { name: 'Nobody' });
      expect((await nothing.browser.get('/')).body).not.toContain('matching-panel');
    });

    test('the vacancy page: the reader’s own fit when they opted in, else what the network teaches for it', async () => {
      // Eve works at the harvesting organisation (so she may open its vacancy pages), holds weld and opted in.
      const eve = await signedInBrowser(ctx(), app, { name: 'Eve' });
      await addMember(ctx().db, harvester.id, eve.userId, 'member');
      await holds(eve, ['weld']);
      await optIn(eve);
      const mine = await eve.browser.get(`/vacancies/${vacancy.Welder}`);
      expect(mine.statusCode).toBe(200);
      expect(mine.body).toContain('id="my-fit"');
      expect(mine.body).toContain('Your match: 33 %');
      expect(mine.body).toContain('Proven by: Welding basics');
      expect(mine.body).toContain('Metal basics'); // the pathway closes drawings and safety
      // The owner did not opt in: the section shows what teaches the vacancy's skills, not anyone's fit.
      const theirs = await owner.browser.get(`/vacancies/${vacancy.Welder}`);
      expect(theirs.statusCode).toBe(200);
      expect(theirs.body).not.toContain('id="my-fit"');
      expect(theirs.body).toContain('id="teaching"');
      expect(theirs.body).toContain('Reading drawings');
      // In Dutch.
      await eve.browser.get('/lang/nl?next=%2F');
      const nl = await eve.browser.get(`/vacancies/${vacancy.Welder}`);
      expect(nl.body).toContain('Je match: 33 %');
    });

    test('the next badge for a chosen target: the network, a region, an occupation; a target not offered names the field', async () => {
      await sql`update vacancies set municipality = 'Testdorp' where id = ${vacancy.Welder}`.execute(ctx().db);
      const occupation = (
        await sql<{ id: string }>`select occupation_id as id from vacancies where id = ${vacancy.Welder}`.execute(ctx().db)
      ).rows[0].id;
      const page = await ann.browser.get('/insight/matching');
      expect(page.body).toContain('value="region:Testdorp"');
      expect(page.body).toContain(`value="occupation:${occupation}"`);
      const region = await ann.browser.get('/insight/matching?target=region%3ATestdorp');
      expect(region.statusCode).toBe(200);
      // Testdorp's demand is the welder's three named skills; Ann holds weld and drawings.
      expect(region.body).toContain('For the skills most vacancies in Testdorp ask for (you have 67 % of them now)');
      const byOccupation = await ann.browser.get(`/insight/matching?target=occupation%3A${occupation}`);
      expect(byOccupation.statusCode).toBe(200);
      expect(byOccupation.body).toContain('For the skills of the occupation “welder” in ESCO');
      expect(byOccupation.body).toContain('you have 40 % of them now');
      expect(byOccupation.body).toContain('Safety at work');
      for (const bad of ['region%3ANowhere', 'occupation%3Anope', 'vacancy%3Ax', 'x']) {
        const refused = await ann.browser.get(`/insight/matching?target=${bad}`);
        expect(refused.statusCode, bad).toBe(400);
        expect(refused.body).toContain('id="target-error"');
        expect(refused.body).toContain('Choose one of the targets in the list.');
        expect(refused.body).toContain('67 % match'); // the matches are still shown
      }
    });

    test('a suggested badge’s page: what it proves and how much it is asked for, its pathways, the vacancies it raises for the reader', async () => {
      const advice = await nextBadges(ctx(), await userOf(ann), 'en', { kind: 'vacancy', id: vacancy.Welder });
      const safety = advice.suggestions.find((s) => s.name === 'Safety at work');
      expect(safety?.href).toBe(`/insight/badges/${badge.safety}`);
      const page = await ann.browser.get(`/insight/badges/${badge.safety}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<h1>Safety at work</h1>');
      expect(page.body).toContain('Issued by School');
      // Safety is named by the forklift vacancy (and essential for the welder's occupation, which is not "asking" in the text).
      expect(page.body).toContain('asked for in 1 current vacancy');
      expect(page.body).toContain(`/pathways/`);
      expect(page.body).toContain('Metal basics');
      // Ann: the forklift driver rises from 0 to 50 %, the welder from 67 to 83 %; the larger rise first.
      const forklift = page.body.indexOf('Forklift driver');
      const welder = page.body.indexOf(`/insight/matching/vacancies/${vacancy.Welder}`);
      expect(forklift).toBeGreaterThan(0);
      expect(welder).toBeGreaterThan(forklift);
      expect(page.body).toContain('0 % → 50 %');
      expect(page.body).toContain('67 % → 83 %');
      // Someone who did not opt in sees the badge but no fit of theirs; a badge Ann holds says so.
      const dees = await dee.browser.get(`/insight/badges/${badge.safety}`);
      expect(dees.body).toContain('Turn matching on to see for which vacancies this badge helps you.');
      expect(dees.body).not.toContain('% → ');
      expect((await ann.browser.get(`/insight/badges/${badge.weld}`)).body).toContain('You already have every skill of this badge.');
      // Bad input and the signed out.
      for (const id of ['nope', '00000000-0000-4000-8000-000000000000']) {
        const missing = await ann.browser.get(`/insight/badges/${id}`);
        expect(missing.statusCode).toBe(404);
        expect(missing.body).toContain('This badge was not found among the network’s badges.');
      }
      expect((await anon.get(`/insight/badges/${badge.safety}`)).headers.location).toMatch(/^\/signin/);
    });

    test('signed out: every page sends to sign-in and every post is refused; nothing changes', async () => {
      for (const url of [
        '/insight/matching',
        `/insight/badges/${badge.weld}`,
        `/insight/matching/vacancies/${vacancy.Welder}`,
        '/insight/matching/sharing',
        `/organisations/${harvester.slug}/insight/candidates`,
        `/organisations/${harvester.slug}/insight/team`,
      ]) {
        const page = await anon.get(url);
        expect(page.statusCode, url).toBe(302);
        expect(page.headers.location, url).toMatch(/^\/signin/);
      }
      for (const [url, form] of [
        ['/insight/matching/opt-in', { optIn: 'on' }],
        ['/insight/matching/sharing', { organisation: harvester.slug, share: 'on' }],
        [`/organisations/${harvester.slug}/insight/targets`, { 'targets.0.skill': skill.cook, 'targets.0.wanted': '1' }],
      ] as const) {
        const refused = await anon.post(url, form);
        expect([302, 401, 403], url).toContain(refused.statusCode);
        if (refused.statusCode === 302) expect(refused.headers.location).toMatch(/^\/signin/);
      }
      const team = (await owner.browser.api('GET', `/api/v1/insight/organisations/${harvester.slug}/team`)).json();
      expect(team.targets.map((t: { skillId: string }) => t.skillId)).not.toContain(skill.cook);
    });

    test('another organisation, a plain member and another person may not open an organisation’s pages or set its targets', async () => {
      for (const who of [outsider, member, ann]) {
        expect((await who.browser.get(`/organisations/${harvester.slug}/insight/candidates?vacancy=${vacancy.Welder}`)).statusCode).toBe(
          403,
        );
        expect((await who.browser.get(`/organisations/${harvester.slug}/insight/team`)).statusCode).toBe(403);
        const post = await who.browser.post(`/organisations/${harvester.slug}/insight/targets`, {
          'targets.0.skill': skill.cook,
          'targets.0.wanted': '1',
        });
        expect(post.statusCode).toBe(403);
      }
      // The analyst may look but not set targets.
      expect((await analystBrowser.browser.get(`/organisations/${harvester.slug}/insight/team`)).statusCode).toBe(200);
      expect(
        (
          await analystBrowser.browser.post(`/organisations/${harvester.slug}/insight/targets`, {
            'targets.0.skill': skill.cook,
            'targets.0.wanted': '1',
          })
        ).statusCode,
      ).toBe(403);
      const team = (await owner.browser.api('GET', `/api/v1/insight/organisations/${harvester.slug}/team`)).json();
      expect(team.targets.map((t: { skillId: string }) => t.skillId)).not.toContain(skill.cook);
      // A person's pages are their own: no route takes another person; Bob's page shows Bob's figures, not Ann's.
      const bobs = await bob.browser.get(`/insight/matching/vacancies/${vacancy.Welder}`);
      expect(bobs.body).toContain('Your match: 17 %');
      expect(bobs.body).not.toContain('Proven by: Welding basics');
    });

    test('bad input to the person’s pages: a clear message, nothing stored lost', async () => {
      const optInBad = await ann.browser.post('/insight/matching/opt-in', { optIn: 'maybe' });
      expect(optInBad.statusCode).toBe(303);
      expect(decodeURIComponent(optInBad.headers['set-cookie']?.toString() ?? '')).toContain('Choose on or off.');
      expect((await ann.browser.api('GET', '/api/v1/insight/matching/settings')).json().optIn).toBe(true);
      const shareBad = await ann.browser.post('/insight/matching/sharing', { organisation: 'no-such-org', share: 'on' });
      expect(shareBad.statusCode).toBe(303);
      expect(decodeURIComponent(shareBad.headers['set-cookie']?.toString() ?? '')).toContain(
        'You can share your skills only with an organisation you belong to.',
      );
      const notFound = await ann.browser.get('/insight/matching/vacancies/nope');
      expect(notFound.statusCode).toBe(404);
      expect(notFound.body).toContain('This vacancy was not found among the current vacancies.');
      // Not opted in: the vacancy's match page sends to the switch.
      const away = await dee.browser.get(`/insight/matching/vacancies/${vacancy.Welder}`);
      expect(away.statusCode).toBe(303);
      expect(away.headers.location).toBe('/insight/matching');
    });
  });
});
