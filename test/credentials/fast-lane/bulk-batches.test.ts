import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CurrentUser, findOrganisation } from '../../../src/accounts/api.ts';
import { createAchievement } from '../../../src/credentials/issuing/achievements.ts';
import { bulkProgress, runBulkIssue, startBulkIssue, useBulkBatches } from '../../../src/credentials/issuing/bulk.ts';
import { ensureStatusLists } from '../../../src/credentials/issuing/status.ts';
import { databaseResolver } from '../../../src/credentials/verification/local.ts';
import { verifyCredential } from '../../../src/credentials/verification/verify.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { organisationWith, person } from '../issuing/helpers.ts';

/**
 * Bulk issues in batches (issue 13) give every row the outcome the row-by-row path gives it: the
 * same CSV through both, the same report line by line, the same credentials (but for their ids,
 * status positions, salts and signatures), and the same ending when the status lists fill up.
 */

const CSV = [
  'email,name,issue date,evidence,score,level',
  'ann@example.org,Ann,2026-03-01,https://example.org/e/1,8,gold',
  'not-an-email,Bob,2026-03-01,,,',
  ',Nobody,,,,',
  'cid@example.org,Cid,not a date,,,',
  'dee@example.org,Dee,2026-03-02,ftp://example.org/x,,',
  'eve@example.org,Eve,,,9,platinum',
  'fay@example.org,"Fay, Jr.",2026-03-03,,7,',
  'GUS@Example.org,Gus,2026-03-04T10:00:00Z,,,silver',
  'ann@example.org,Ann again,,,,',
].join('\n');

describeEachDatabase('bulk issues in batches', (ctx) => {
  let user: CurrentUser;
  const achievements: Record<string, string> = {};

  beforeAll(async () => {
    user = await person(ctx(), 'Bo');
    for (const slug of ['rows-org', 'batch-org', 'full-rows', 'full-batch']) {
      await organisationWith(ctx(), slug, [[user, 'issuer']]);
      achievements[slug] = (
        await createAchievement(ctx(), user, slug, {
          name: 'Course',
          description: 'Followed the course.',
          criteriaNarrative: 'Followed it.',
          resultDescriptions: [{ name: 'score' }, { name: 'level', allowedValue: ['gold', 'silver'] }],
          suspendable: true,
        })
      ).id;
    }
  });
  afterAll(() => useBulkBatches(true));

  async function run(slug: string, batched: boolean, csv: string) {
    useBulkBatches(batched);
    const id = await startBulkIssue(ctx(), user, slug, achievements[slug], csv, { notify: false });
    await runBulkIssue(ctx(), { bulkIssueId: id, notify: false });
    const progress = await bulkProgress(ctx(), user, slug, id);
    const credentials = await ctx()
      .db.selectFrom('issued_credentials')
      .selectAll()
      .where('bulk_issue_id', '=', id)
      .orderBy('status_index')
      .execute();
    return { progress, credentials };
  }

  /** A credential without what differs between two issues of the same row. */
  function comparable(document: Record<string, any>) {
    const { id: _id, proof: _proof, credentialStatus, credentialSubject, issuer, image: _image, ...rest } = document;
    const { identifier, achievement, ...subject } = credentialSubject;
    // A row without an issue date is issued "now": the two runs may straddle a second.
    const now = (date: string) => (Math.abs(Date.parse(date) - Date.now()) < 10 * 60_000 ? 'now' : date);
    const out = {
      ...rest,
      validFrom: now(rest.validFrom),
      awardedDate: now(rest.awardedDate),
      issuer: { ...issuer, id: 'issuer', name: 'issuer', url: 'issuer' },
      credentialSubject: { ...subject, identifierType: identifier?.[0]?.identityType, achievementName: achievement.name },
      statuses: [credentialStatus].flat().map((s: { statusPurpose: string }) => s.statusPurpose),
    };
    // Each organisation has its own achievement: its URI is the one thing the results' ids differ in.
    return JSON.parse(JSON.stringify(out).replaceAll(achievement.id, 'achievement'));
  }

  it('reports every row as the row-by-row path does, and issues the same credentials', async () => {
    const rows = await run('rows-org', false, CSV);
    const batch = await run('batch-org', true, CSV);
    const report = (p: typeof rows.progress) => p.problems.map(({ line, code, params }) => ({ line, code, params }));
    expect(report(batch.progress)).toEqual(report(rows.progress));
    expect(batch.progress).toMatchObject({
      status: 'done',
      total: rows.progress.total,
      issued: rows.progress.issued,
      failed: rows.progress.failed,
    });
    expect(rows.progress.issued).toBe(4);
    expect(batch.credentials.map((c) => [c.recipient_email, c.recipient_name, c.status_index])).toEqual(
      rows.credentials.map((c) => [c.recipient_email, c.recipient_name, c.status_index]),
    );
    expect(batch.credentials.map((c) => comparable(c.document))).toEqual(rows.credentials.map((c) => comparable(c.document)));
    // And they verify (on the fast lane: this instance's issuer).
    for (const c of batch.credentials) {
      const verdict = await verifyCredential(c.document, { documentLoaderOptions: { resolveLocal: databaseResolver(ctx()) } });
      expect(verdict.checks.find((check) => check.check === 'proof')?.code).toBe('signatureVerified');
      expect(verdict.checks.find((check) => check.check === 'status')?.status).toBe('ok');
    }
  });

  it('fails the rows beyond a full status list with the same reason', async () => {
    const csv = ['email,name', ...Array.from({ length: 8 }, (_, i) => `p${i}@example.org,P ${i}`)].join('\n');
    for (const slug of ['full-rows', 'full-batch']) {
      const organisation = (await findOrganisation(ctx().db, slug))!;
      await ensureStatusLists(ctx(), organisation, { length: 5 });
    }
    const rows = await run('full-rows', false, csv);
    const batch = await run('full-batch', true, csv);
    expect(rows.progress).toMatchObject({ issued: 5, failed: 3 });
    expect(batch.progress.problems.map(({ line, code, params }) => ({ line, code, params }))).toEqual(
      rows.progress.problems.map(({ line, code, params }) => ({ line, code, params })),
    );
    expect(batch.progress.problems[0]).toMatchObject({ line: 7, code: 'credentials:errors.statusListFull', params: { length: 5 } });
    expect(batch.credentials.map((c) => c.status_index)).toEqual([0, 1, 2, 3, 4]);
  });
});
