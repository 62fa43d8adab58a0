import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { createAchievement, credentialsIssuedTo, issueForOrganisation, verifyInContext } from '../../src/credentials/api.ts';
import { changeCredentialStatus } from '../../src/credentials/issuing/issue.ts';
import { awardCompleted, awardEveryone, awardKey, runAwardJob } from '../../src/pathways/awards.ts';
import { evaluate } from '../../src/pathways/rules.ts';
import { createPathway, holdingsOf, type Pathway } from '../../src/pathways/service.ts';
import { person, schemaErrors } from '../credentials/issuing/helpers.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { issuingOrganisation } from './support.ts';

describeEachDatabase('pathway badges', (ctx) => {
  let school: Awaited<ReturnType<typeof issuingOrganisation>>;
  let employer: Awaited<ReturnType<typeof issuingOrganisation>>;
  beforeAll(async () => {
    school = await issuingOrganisation(ctx(), 'School', ['Welding', 'Safety', 'Drawing', 'Metal pathway']);
    employer = await issuingOrganisation(ctx(), 'Employer', ['CNC', 'Teamwork']);
  });
  const steps = () => [...school.achievements.slice(0, 3), ...employer.achievements];
  const pathwayBadge = () => school.achievements[3];

  const pathwayCredentials = async (email: string, name = pathwayBadge().name) =>
    (await credentialsIssuedTo(ctx(), [email])).filter((c) => c.name === name);

  test('awarded exactly when complete, never twice, also after a run stopped between issuing and recording (property-based)', async () => {
    const stepArb = fc.record({
      rule: fc.constantFrom('all', 'any'),
      count: fc.integer({ min: 1, max: 3 }),
      ordered: fc.boolean(),
      picks: fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArb, { minLength: 1, maxLength: 3 }),
        fc.array(fc.record({ badge: fc.integer({ min: 0, max: 4 }), day: fc.integer({ min: 1, max: 9 }) }), { maxLength: 6 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 3 }),
        async (shape, held, stoppedHalfway, runs) => {
          // An achievement is named in one step at most.
          const used = new Set<number>();
          const input = shape
            .map((s, i) => {
              const picks = s.picks.filter((p) => !used.has(p));
              for (const p of picks) used.add(p);
              return { rule: s.rule, count: Math.min(s.count, Math.max(picks.length, 1)), ordered: s.ordered && i > 0, picks };
            })
            .filter((s) => s.picks.length > 0);
          if (input.length === 0) return;
          if (input[0].ordered) input[0].ordered = false;
          const pathway: Pathway = await createPathway(ctx(), school.issuer, school.slug, {
            name: 'Random pathway',
            achievementId: pathwayBadge().id,
            status: 'published',
            steps: input.map((s) => ({
              rule: s.rule,
              count: s.count,
              ordered: s.ordered,
              achievements: s.picks.map((p) => steps()[p].id),
            })),
          });
          const learner = await person(ctx(), 'Learner');
          for (const h of held) {
            const achievement = steps()[h.badge];
            const org = h.badge < 3 ? school : employer;
            await org.issue(achievement.id, learner.email, new Date(Date.UTC(2026, 0, h.day)));
          }
          const complete = evaluate(pathway.steps, await holdingsOf(ctx(), learner.id)).complete;
          if (complete && stoppedHalfway) {
            // A run issued the badge and was stopped before it recorded the award.
            await issueForOrganisation(ctx(), school.id, {
              achievementId: pathwayBadge().id,
              recipient: { email: learner.email },
              idempotencyKey: awardKey(pathway.id, learner.id),
              notify: false,
            });
          }
          for (let i = 0; i < runs; i++) await awardCompleted(ctx(), learner.id, [pathway]);
          await Promise.all([awardCompleted(ctx(), learner.id, [pathway]), awardCompleted(ctx(), learner.id, [pathway])]);
          const awards = await ctx().db.selectFrom('pathway_awards').selectAll().where('user_id', '=', learner.id).execute();
          expect(awards.length).toBe(complete ? 1 : 0);
          expect((await pathwayCredentials(learner.email)).length).toBe(complete ? 1 : 0);
        },
      ),
      { numRuns: 12 },
    );
  }, 240_000);

  test('the pathway badge carries the step badges as evidence, verifies and fits the OB 3.0 schema; the sweep finds the learner', async () => {
    // A badge of its own: the random pathways above lead to the other one.
    const own = await createAchievement(ctx(), school.issuer, school.slug, {
      name: 'Three-badge pathway',
      description: 'Completed three badges',
      criteriaNarrative: 'Three badges',
      language: 'en',
    });
    const mine = (email: string) => pathwayCredentials(email, own.name);
    const pathway = await createPathway(ctx(), school.issuer, school.slug, {
      name: 'Three badges from two issuers',
      achievementId: own.id,
      status: 'published',
      steps: [
        { name: 'Weld', achievements: [school.achievements[0].id] },
        { name: 'Safe', ordered: true, achievements: [school.achievements[1].id] },
        { name: 'At work', rule: 'any', count: 1, achievements: [employer.achievements[0].id, employer.achievements[1].id] },
      ],
    });
    const learner = await person(ctx(), 'Learner');
    const weld = await school.issue(school.achievements[0].id, learner.email, new Date(Date.UTC(2026, 0, 1)));
    const safe = await school.issue(school.achievements[1].id, learner.email, new Date(Date.UTC(2026, 0, 2)));
    await awardEveryone(ctx());
    expect(await mine(learner.email)).toEqual([]);
    const cnc = await employer.issue(employer.achievements[0].id, learner.email, new Date(Date.UTC(2026, 0, 3)));
    // The scheduled run: pg-boss hands a cron job no data.
    expect((await runAwardJob(ctx(), null)).issued).toBeGreaterThanOrEqual(1);
    // Everyone concerned has theirs now: a second sweep issues nothing.
    expect((await awardEveryone(ctx())).issued).toBe(0);
    expect(await mine(learner.email)).toHaveLength(1);
    const [badge] = await mine(learner.email);
    expect(badge).toBeDefined();
    const evidence = (badge.document.evidence as { id: string }[]).map((e) => e.id).sort();
    expect(evidence).toEqual([weld.url, safe.url, cnc.url].sort());
    expect(schemaErrors(badge.document)).toEqual([]);
    const verdict = await verifyInContext(ctx(), badge.document, { recipientEmail: learner.email });
    expect(verdict.valid, JSON.stringify(verdict.checks)).toBe(true);
    const [award] = await ctx()
      .db.selectFrom('pathway_awards')
      .selectAll()
      .where('pathway_id', '=', pathway.id)
      .where('user_id', '=', learner.id)
      .execute();
    expect(award.credential_id).toBe(badge.id);
  });
  describe('an expiring pathway badge', () => {
    const expiring = async (name: string) => {
      const badge = await createAchievement(ctx(), school.issuer, school.slug, {
        name,
        description: 'Renewed every year',
        criteriaNarrative: 'Two badges, renewed',
        validMonths: 12,
        language: 'en',
      });
      const pathway = await createPathway(ctx(), school.issuer, school.slug, {
        name,
        achievementId: badge.id,
        status: 'published',
        steps: [{ achievements: [school.achievements[0].id] }, { achievements: [school.achievements[1].id] }],
      });
      return { badge, pathway };
    };
    const awardsOf = (pathwayId: string, userId: string) =>
      ctx()
        .db.selectFrom('pathway_awards')
        .selectAll()
        .where('pathway_id', '=', pathwayId)
        .where('user_id', '=', userId)
        .orderBy('n')
        .execute();
    /** Time passes: the award was made on 1 February 2026 and expired on 1 March 2026. */
    const ageAward = (pathwayId: string, userId: string, n: number) =>
      ctx()
        .db.updateTable('pathway_awards')
        .set({ awarded_at: new Date(Date.UTC(2026, 1, 1)), valid_until: new Date(Date.UTC(2026, 2, 1)) })
        .where('pathway_id', '=', pathwayId)
        .where('user_id', '=', userId)
        .where('n', '=', n)
        .execute();

    test('complete: awarded; expired: not again until a renewed step badge; renewed: exactly once more, also when stopped halfway or run twice at once', async () => {
      const { badge, pathway } = await expiring('Yearly pathway');
      const learner = await person(ctx(), 'Learner');
      await school.issue(school.achievements[0].id, learner.email, new Date(Date.UTC(2026, 0, 1)));
      await school.issue(school.achievements[1].id, learner.email, new Date(Date.UTC(2026, 0, 2)));
      expect((await awardCompleted(ctx(), learner.id, [pathway])).issued).toBe(1);
      const [first] = await awardsOf(pathway.id, learner.id);
      expect(first.n).toBe(1);
      expect(first.valid_until).not.toBeNull();
      // In force: never a second one, also not asked "a year later" while it is valid.
      expect((await awardCompleted(ctx(), learner.id, [pathway])).issued).toBe(0);
      await ageAward(pathway.id, learner.id, 1);
      // Expired, but the step badges are those that earned it: no renewal.
      expect((await awardCompleted(ctx(), learner.id, [pathway])).issued).toBe(0);
      expect(await awardsOf(pathway.id, learner.id)).toHaveLength(1);
      // A renewed step badge (after the award): renewed once, even when a run was stopped between issuing and recording.
      await school.issue(school.achievements[0].id, learner.email, new Date(Date.UTC(2026, 3, 1)));
      await issueForOrganisation(ctx(), school.id, {
        achievementId: badge.id,
        recipient: { email: learner.email },
        idempotencyKey: awardKey(pathway.id, learner.id, 2),
        notify: false,
      });
      await Promise.all([awardCompleted(ctx(), learner.id, [pathway]), awardCompleted(ctx(), learner.id, [pathway])]);
      await awardCompleted(ctx(), learner.id, [pathway]);
      const awards = await awardsOf(pathway.id, learner.id);
      expect(awards.map((a) => a.n)).toEqual([1, 2]);
      expect(awards[1].credential_id).not.toBe(awards[0].credential_id);
      expect((awards[1].valid_until as Date).getTime()).toBeGreaterThan(Date.now());
      expect(await pathwayCredentials(learner.email, badge.name)).toHaveLength(2);
    });

    test('a revoked pathway badge stays revoked: not awarded again, not even after renewed step badges', async () => {
      const { badge, pathway } = await expiring('Yearly pathway, revoked');
      const learner = await person(ctx(), 'Learner');
      await school.issue(school.achievements[0].id, learner.email, new Date(Date.UTC(2026, 0, 1)));
      await school.issue(school.achievements[1].id, learner.email, new Date(Date.UTC(2026, 0, 2)));
      expect((await awardCompleted(ctx(), learner.id, [pathway])).issued).toBe(1);
      const [first] = await awardsOf(pathway.id, learner.id);
      await changeCredentialStatus(ctx(), school.issuer, school.slug, first.credential_id, 'revoke', 'issued in error');
      await ageAward(pathway.id, learner.id, 1);
      await school.issue(school.achievements[0].id, learner.email, new Date(Date.UTC(2026, 3, 1)));
      await school.issue(school.achievements[1].id, learner.email, new Date(Date.UTC(2026, 3, 2)));
      expect((await awardCompleted(ctx(), learner.id, [pathway])).issued).toBe(0);
      expect(await awardsOf(pathway.id, learner.id)).toHaveLength(1);
      expect(await pathwayCredentials(learner.email, badge.name)).toHaveLength(1);
    });
  });
});
