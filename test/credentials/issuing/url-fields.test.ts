import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CurrentUser, createApiToken, createSession, findOrganisation } from '../../../src/accounts/api.ts';
import { createAchievement } from '../../../src/credentials/issuing/achievements.ts';
import { bulkProgress, startBulkIssue } from '../../../src/credentials/issuing/bulk.ts';
import { issueCredential } from '../../../src/credentials/issuing/issue.ts';
import { hmac } from '../../../src/platform/crypto.ts';
import { buildApp } from '../../../src/platform/http/app.ts';
import { describeEachDatabase, TEST_SECRET } from '../../helpers/db.ts';
import { organisationWith, person } from './helpers.ts';

/**
 * URL fields of an issue (evidence) and of an achievement (criteria URL) are checked before
 * anything is stored or signed: a web address with a space or another character no IRI may hold
 * passed `new URL()` and then failed in signing with an uncoded error. Now a coded 400 names the
 * field (texts in English and Dutch), and no credential, status position or achievement is stored.
 */
describeEachDatabase('URL fields of issuing', (ctx) => {
  let app: FastifyInstance;
  let ida: CurrentUser;
  let achievementId: string;
  let token: string;
  const seed = 'csrf-seed-0123456789abcdef';
  const form = (values: Record<string, string>) => new URLSearchParams({ _csrf: hmac(TEST_SECRET, seed), ...values }).toString();
  const bad = [
    'https://example.org/my portfolio',
    'https://example.org/a\tb',
    'https://example.org/<script>',
    'https://example.org/"quoted"',
    'https://example.org/{x}',
    'https://example.org/a|b',
    'https://example.org/a\\b',
    'https://example.org/a^b',
    'https://example.org/a`b',
  ];

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    ida = await person(ctx(), 'Ida');
    await organisationWith(ctx(), 'url-org', [[ida, 'issuer']]);
    achievementId = (await createAchievement(ctx(), ida, 'url-org', { name: 'Portfolio', description: 'd', criteriaNarrative: 'c' })).id;
    token = (await createApiToken(ctx().db, ida.id, 'url test')).token;
  });
  afterAll(async () => app?.close());

  async function stored() {
    const org = (await findOrganisation(ctx().db, 'url-org'))!;
    const credentials = await ctx().db.selectFrom('issued_credentials').select('id').where('organisation_id', '=', org.id).execute();
    const profile = await ctx()
      .db.selectFrom('issuer_profiles')
      .select('next_status_index')
      .where('organisation_id', '=', org.id)
      .executeTakeFirst();
    const achievements = await ctx().db.selectFrom('achievements').select('id').where('organisation_id', '=', org.id).execute();
    return { credentials: credentials.length, next: profile?.next_status_index ?? 0, achievements: achievements.length };
  }

  it('the service refuses an evidence URL no IRI may hold, with a coded error naming the field, and stores nothing', async () => {
    const before = await stored();
    for (const url of bad) {
      await expect(
        issueCredential(ctx(), ida, 'url-org', { achievementId, recipient: { email: 'e@example.org' }, evidence: [url], notify: false }),
        url,
      ).rejects.toMatchObject({ status: 400, code: 'credentials:errors.urlCharacters', field: 'evidence', params: { url } });
    }
    expect(await stored()).toEqual(before);
    // An encoded space is fine, and is what the credential carries.
    const good = await issueCredential(ctx(), ida, 'url-org', {
      achievementId,
      recipient: { email: 'e@example.org' },
      evidence: ['https://example.org/my%20portfolio'],
      notify: false,
    });
    expect(good.document.evidence).toEqual([{ id: 'https://example.org/my%20portfolio', type: ['Evidence'] }]);
  });

  it('the issue form shows the reason at the field, in English and in Dutch, and stores nothing', async () => {
    const { token: session } = await createSession(ctx().db, ida.id);
    const before = await stored();
    for (const [lang, text] of [
      ['en', 'is not a valid web address'],
      ['nl', 'is geen geldig webadres'],
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: `/organisations/url-org/achievements/${achievementId}/issue`,
        headers: {
          cookie: `vaardig_session=${session}; vaardig_csrf=${seed}; vaardig_lang=${lang}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: form({ email: 'form@example.org', evidence: 'https://example.org/my portfolio' }),
      });
      expect(response.statusCode, lang).toBe(400);
      expect(response.body).toContain(text);
      expect(response.body).toMatch(/aria-invalid="true"[^>]*name="evidence"|name="evidence"[^>]*aria-invalid="true"/);
    }
    expect(await stored()).toEqual(before);
  });

  it('the API answers a problem naming the field, and stores nothing', async () => {
    const before = await stored();
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/organisations/url-org/credentials',
      headers: { authorization: `Bearer ${token}` },
      payload: { achievementId, recipient: { email: 'api@example.org' }, evidence: ['https://example.org/a b'], notify: false },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'credentials:errors.urlCharacters', field: 'evidence' });
    expect(await stored()).toEqual(before);
  });

  it('an achievement’s criteria URL is checked the same way, and no achievement is stored', async () => {
    const before = await stored();
    await expect(
      createAchievement(ctx(), ida, 'url-org', {
        name: 'Criteria',
        description: 'd',
        criteriaNarrative: 'c',
        criteriaUrl: 'https://example.org/criteria page',
      }),
    ).rejects.toMatchObject({ status: 400 });
    const refused = await createAchievement(ctx(), ida, 'url-org', {
      name: 'Criteria',
      description: 'd',
      criteriaNarrative: 'c',
      criteriaUrl: 'https://example.org/criteria page',
    }).catch((error) => error);
    const errors = refused.errors ?? [refused];
    expect(errors).toContainEqual(expect.objectContaining({ code: 'credentials:errors.urlCharacters', field: 'criteriaUrl' }));
    expect(await stored()).toEqual(before);
  });

  it('a bulk row with such an evidence URL is reported with the reason, the other rows issued', async () => {
    await ctx().jobs.work();
    const csv = ['email,evidence', 'good@example.org,https://example.org/ok', 'space@example.org,https://example.org/my file'].join('\n');
    const id = await startBulkIssue(ctx(), ida, 'url-org', achievementId, csv, { notify: false });
    let progress = await bulkProgress(ctx(), ida, 'url-org', id);
    for (const until = Date.now() + 60_000; progress.status !== 'done' && progress.status !== 'failed' && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 300));
      progress = await bulkProgress(ctx(), ida, 'url-org', id);
    }
    expect(progress).toMatchObject({ status: 'done', issued: 1, failed: 1 });
    expect(progress.problems).toEqual([
      expect.objectContaining({ line: 3, code: 'credentials:errors.urlCharacters', params: { url: 'https://example.org/my file' } }),
    ]);
    const dutch = await bulkProgress(ctx(), ida, 'url-org', id, ctx().i18n.getFixedT('nl'));
    expect(dutch.problems[0].error).toContain('is geen geldig webadres');
  });
});
