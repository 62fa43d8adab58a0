/**
 * A small generated network with known answers for the insight tests: vacancies with their skills
 * on known days and places (written straight into the labour-market tables, as a harvest would
 * leave them), badges aligned to skills held by people, some revoked, suspended or expired.
 */
import { sql } from 'kysely';
import { addConfirmedAddress, addMember, type CurrentUser, createOrganisation } from '../../src/accounts/api.ts';
import { createAchievement, issueCredential } from '../../src/credentials/api.ts';
import type { AppContext } from '../../src/platform/context.ts';
import { person } from '../credentials/issuing/helpers.ts';
import { insertEscoSkills } from '../skills/library/helpers.ts';

export interface VacancySpec {
  day: string;
  municipality: string | null;
  province: string | null;
  skills: string[];
  occupation?: string | null;
}

let counter = 0;

/** Writes vacancies as the harvester would have (tagged, with their skills). */
export async function insertVacancies(ctx: AppContext, organisationId: string, specs: VacancySpec[]): Promise<string[]> {
  const ids: string[] = [];
  for (const v of specs) {
    counter++;
    const row = await ctx.db
      .insertInto('vacancies')
      .values({
        organisation_id: organisationId,
        title: `Vacancy ${counter}`,
        description: 'Generated',
        municipality: v.municipality,
        province: v.province,
        date_posted: `${v.day}T09:00:00Z`,
        text_hash: `hash-${counter}-${Math.random()}`,
        occupation_id: v.occupation ?? null,
        tagged_at: new Date(),
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const skill of v.skills)
      await ctx.db
        .insertInto('vacancy_skills')
        .values({ vacancy_id: row.id, skill_id: skill, label: 'x', score: 1, spans: '[]' } as never)
        .execute();
    ids.push(row.id);
  }
  return ids;
}

const many = (n: number, spec: VacancySpec): VacancySpec[] => Array.from({ length: n }, () => ({ ...spec }));

export interface Dataset {
  organisationId: string;
  skills: { s1: string; s2: string; s3: string; s4: string };
  badges: { x: string; y: string; z: string };
  issuer: CurrentUser;
  issuerSlug: string;
  holders: CurrentUser[];
}

/**
 * The known answers (period 2026-03-01 … 2026-05-31, baseline 2025-12-01 … 2026-02-28):
 * S1 10 vacancies (Utrecht; 2 in the baseline), S2 6 (4 Utrecht with S1, 2 Oss; 6 in the
 * baseline), S3 5 (Oss, new), S4 3 (Utrecht), one vacancy without skills: 21 in the period.
 * Badge X (S1) held validly by 7 people (one of them under two addresses; 5 in Utrecht) plus a
 * revoked, a suspended and an expired one; Y (S2) by 4 people; Z (S3) by 5.
 */
export async function seedDataset(ctx: AppContext): Promise<Dataset> {
  counter++;
  const tag = `${counter}-${Math.random().toString(36).slice(2, 6)}`;
  const ids = await insertEscoSkills(ctx, [
    { uri: `http://example.org/s1-${tag}`, name: { en: `Data analysis ${tag}`, nl: `Data-analyse ${tag}` } },
    { uri: `http://example.org/s2-${tag}`, name: { en: `Welding ${tag}`, nl: `Lassen ${tag}` } },
    { uri: `http://example.org/s3-${tag}`, name: { en: `Heat pumps ${tag}`, nl: `Warmtepompen ${tag}` } },
    { uri: `http://example.org/s4-${tag}`, name: { en: `Bookkeeping ${tag}`, nl: `Boekhouden ${tag}` } },
  ]);
  const [s1, s2, s3, s4] = Object.values(ids);
  const harvester = await createOrganisation(ctx.db, {
    slug: `harvest-${tag}`,
    name: `Observatory ${tag}`,
    kind: 'network',
    description: 'x',
  });
  const U = { municipality: 'Utrecht', province: 'Utrecht' };
  const O = { municipality: 'Oss', province: 'Noord-Brabant' };
  await insertVacancies(ctx, harvester.id, [
    ...many(4, { day: '2026-03-02', ...U, skills: [s1, s2] }),
    { day: '2026-03-03', ...U, skills: [] },
    ...many(3, { day: '2026-04-10', ...U, skills: [s1] }),
    ...many(3, { day: '2026-05-12', ...U, skills: [s1] }),
    ...many(2, { day: '2026-05-20', ...O, skills: [s2] }),
    ...many(5, { day: '2026-04-15', ...O, skills: [s3] }),
    ...many(3, { day: '2026-05-31', ...U, skills: [s4] }),
    ...many(2, { day: '2026-01-10', ...U, skills: [s1] }),
    ...many(6, { day: '2026-02-10', ...O, skills: [s2] }),
  ]);

  const issuer = await person(ctx, 'Issuer');
  const org = await createOrganisation(ctx.db, { slug: `school-${tag}`, name: `School ${tag}`, kind: 'school', description: 'x' });
  await addMember(ctx.db, org.id, issuer.id, 'issuer');
  const badge = (name: string, skill: string) =>
    createAchievement(ctx, issuer, org.slug, {
      name: `${name} ${tag}`,
      description: name,
      criteriaNarrative: 'Did it',
      language: 'en',
      skills: [skill],
    });
  const x = await badge('Badge X', s1);
  const y = await badge('Badge Y', s2);
  const z = await badge('Badge Z', s3);
  const issue = (achievementId: string, email: string) =>
    issueCredential(ctx, issuer, org.slug, { achievementId, recipient: { email, name: 'Learner' }, notify: false });

  const holders: CurrentUser[] = [];
  for (let i = 0; i < 7; i++) holders.push(await person(ctx, `Holder${i}`));
  for (const h of holders) await issue(x.id, h.email);
  // One holder also received X at a second address of theirs: still one person.
  const second = `second-${tag}@example.org`;
  await addConfirmedAddress(ctx.db, holders[0].id, second);
  await issue(x.id, second);
  for (let i = 0; i < 5; i++)
    await sql`insert into insight_person_regions (user_id, municipality, province) values (${holders[i].id}, 'Utrecht', 'Utrecht')`.execute(
      ctx.db,
    );
  // Not counted: revoked, suspended, expired.
  const gone = await Promise.all([1, 2, 3].map((i) => issue(x.id, `gone${i}-${tag}@example.org`)));
  await sql`update issued_credentials set state = 'revoked' where id = ${gone[0].id}`.execute(ctx.db);
  await sql`update issued_credentials set state = 'suspended' where id = ${gone[1].id}`.execute(ctx.db);
  await sql`update issued_credentials set valid_until = now() - interval '1 day' where id = ${gone[2].id}`.execute(ctx.db);
  for (let i = 0; i < 4; i++) await issue(y.id, `y${i}-${tag}@example.org`);
  for (let i = 0; i < 5; i++) await issue(z.id, `z${i}-${tag}@example.org`);
  return {
    organisationId: harvester.id,
    skills: { s1, s2, s3, s4 },
    badges: { x: x.id, y: y.id, z: z.id },
    issuer,
    issuerSlug: org.slug,
    holders,
  };
}
