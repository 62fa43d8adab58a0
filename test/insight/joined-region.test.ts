import { beforeAll, expect, test } from 'vitest';
import { createOrganisation } from '../../src/accounts/api.ts';
import type { CommunityRow } from '../../src/communities/api.ts';
import { communityRegion, risingForTheme } from '../../src/insight/joined.ts';
import { refreshDemand } from '../../src/insight/rollups.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { insertEscoSkills } from '../skills/library/helpers.ts';
import { insertVacancies } from './dataset.ts';

/**
 * A community theme's "rising in demand" reads its region's vacancies (issue 12): known answers
 * on both databases. Today is 15 March 2027: the last three months are January–March 2027, the
 * three before October–December 2026.
 *
 * P: Utrecht 4 now, 1 before; Oss 1 now, 3 before → network 5 against 4.
 * Q: Oss 2 now, none before (new) → network 2 against 0.
 */
const TODAY = new Date('2027-03-15T12:00:00Z');

describeEachDatabase('rising in demand for a community theme, in its region', (ctx) => {
  const skill = { p: '', q: '' };
  let organisationId = '';

  beforeAll(async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const ids = await insertEscoSkills(ctx(), [
      { uri: `http://example.org/p-${tag}`, name: { en: `Plumbing ${tag}`, nl: `Loodgieterswerk ${tag}` } },
      { uri: `http://example.org/q-${tag}`, name: { en: `Quality control ${tag}`, nl: `Kwaliteitscontrole ${tag}` } },
    ]);
    [skill.p, skill.q] = Object.values(ids);
    const harvester = await createOrganisation(ctx().db, {
      slug: `harvest-r-${tag}`,
      name: 'Harvester',
      kind: 'network',
      description: 'x',
    });
    organisationId = harvester.id;
    const U = { municipality: 'Utrecht', province: 'Utrecht' };
    const O = { municipality: 'Oss', province: 'Noord-Brabant' };
    const many = (n: number, v: { day: string; municipality: string; province: string; skills: string[] }) =>
      Array.from({ length: n }, () => ({ ...v }));
    await insertVacancies(ctx(), harvester.id, [
      ...many(4, { day: '2027-02-10', ...U, skills: [skill.p] }),
      ...many(1, { day: '2026-11-10', ...U, skills: [skill.p] }),
      ...many(1, { day: '2027-02-11', ...O, skills: [skill.p] }),
      ...many(3, { day: '2026-11-11', ...O, skills: [skill.p] }),
      ...many(2, { day: '2027-01-20', ...O, skills: [skill.q] }),
    ]);
    await refreshDemand(ctx(), { force: true, today: TODAY });
  }, 120_000);

  const rising = async (region: { province: string | null; municipality: string | null } | null) =>
    (await risingForTheme(ctx(), [skill.p, skill.q], 'en', region, TODAY)).map((r) => [
      r.skillId === skill.p ? 'P' : 'Q',
      r.vacancies,
      r.before,
    ]);

  test('the whole network: both rising, the new one first', async () => {
    expect(await rising(null)).toEqual([
      ['Q', 2, 0],
      ['P', 5, 4],
    ]);
  });

  test('a province: Utrecht sees P rising, Noord-Brabant only Q (P fell there from 3 to 1)', async () => {
    expect(await rising({ province: 'Utrecht', municipality: null })).toEqual([['P', 4, 1]]);
    expect(await rising({ province: 'Noord-Brabant', municipality: null })).toEqual([['Q', 2, 0]]);
  });

  test('a municipality: Oss', async () => {
    expect(await rising({ province: null, municipality: 'Oss' })).toEqual([['Q', 2, 0]]);
    expect(await rising({ province: null, municipality: 'Utrecht' })).toEqual([['P', 4, 1]]);
  });

  test("the community's region, else its organisation's (none keep one), else the network", async () => {
    const community = {
      id: 'x',
      organisation_id: organisationId,
      name: 'C',
      province: null,
      municipality: null,
    } as unknown as CommunityRow;
    expect(await communityRegion(ctx(), community)).toEqual({ province: null, municipality: null, from: 'network' });
    // A community's region is read, and checked as a filter is (an unknown province counts as none).
    expect(await communityRegion(ctx(), { ...community, province: 'utrecht' } as unknown as CommunityRow)).toEqual({
      province: 'Utrecht',
      municipality: null,
      from: 'community',
    });
    expect(await communityRegion(ctx(), { ...community, province: 'Bavaria' } as unknown as CommunityRow)).toEqual({
      province: null,
      municipality: null,
      from: 'network',
    });
  });
});
