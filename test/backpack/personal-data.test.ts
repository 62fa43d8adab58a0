import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import yauzl from 'yauzl';
import { createApiToken } from '../../src/accounts/tokens.ts';
import { getCurrentUser } from '../../src/accounts/api.ts';
import { setPersonRegion } from '../../src/insight/regions.ts';
import { sql } from 'kysely';
import { importBadge } from '../../src/backpack/imports.ts';
import { collectPersonalData, dataSubject, runExport } from '../../src/backpack/personal-data.ts';
import { verifyInContext } from '../../src/credentials/api.ts';
import { startBulkIssue } from '../../src/credentials/issuing/bulk.ts';
import { endorseAsPerson } from '../../src/endorsements/api.ts';
import { createClaimCode, redeemClaim } from '../../src/credentials/issuing/claims.ts';
import { createAchievement } from '../../src/credentials/issuing/achievements.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import type { AppContext } from '../../src/platform/context.ts';
import { Browser, signedInBrowser } from '../accounts/support.ts';
import { organisationWith } from '../credentials/issuing/helpers.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { ElsewhereIssuer } from './badges.ts';
import { cookieOf, earner, issuerFor } from './support.ts';

/**
 * Every table that holds rows about a person, by module. A module that adds such a table lists it
 * in its `personalData` hook and here (and in docs/personal-data.md); the test fails until it does.
 */
const PERSONAL_TABLES: Record<string, string[]> = {
  platform: ['mail_outbox'],
  accounts: ['users', 'sessions', 'api_tokens', 'email_tokens', 'email_addresses', 'memberships', 'invitations', 'sign_in_attempts'],
  credentials: ['issued_credentials', 'claim_requests', 'bulk_issue_rows', 'person_signers'],
  backpack: ['backpack_items', 'backpack_collections', 'backpack_collection_items', 'backpack_profiles', 'backpack_exports'],
  'openbadges-api': ['oauth_models'],
  communities: [
    'community_members',
    'community_registrations',
    'community_attendance',
    'community_contributions',
    'community_applications',
    'community_invitations',
    'community_feed_tokens',
    'community_badge_awards',
    'community_actions',
    'community_note_blocks',
    'community_question_answers',
    'community_question_interests',
    'community_breakout_members',
    'community_challenges',
    'community_solutions',
    'community_solution_votes',
    'community_topics',
    'community_topic_hosts',
    'community_topic_votes',
    'community_knowledge',
  ],
  pathways: ['pathway_awards'],
  endorsements: ['endorsements'],
  programmes: [
    'programme_enrolments',
    'programme_rounds',
    'programme_submissions',
    'programme_reviews',
    'programme_cohort_assessors',
    'programme_playbook_versions',
  ],
  insight: ['insight_person_regions', 'insight_supply_holders', 'insight_matching_shares'],
};

/** Something of the person in every table of the programmes module that holds personal data. */
async function takePartInProgramme(ctx: AppContext, userId: string): Promise<void> {
  const db = ctx.db;
  const programme = await db
    .insertInto('programmes')
    .values({
      organisation_id: crypto.randomUUID(),
      name: 'Coaching',
      description: 'd',
      enrolment: 'open',
      language: 'en',
      status: 'published',
      certificate_achievement_id: crypto.randomUUID(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const module = await db
    .insertInto('programme_modules')
    .values({
      programme_id: programme.id,
      position: 1,
      name: 'M',
      description: 'd',
      achievement_id: crypto.randomUUID(),
      rubric: JSON.stringify([]) as never,
      second_assessment: false,
      valid_months: null,
      renewal: 'assessment',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const assignment = await db
    .insertInto('programme_assignments')
    .values({ module_id: module.id, position: 1, title: 'A', instructions: '', evidence: JSON.stringify(['text', 'file']) as never })
    .returning('id')
    .executeTakeFirstOrThrow();
  const cohort = await db
    .insertInto('programme_cohorts')
    .values({ programme_id: programme.id, name: 'C', starts_on: '2026-01-01', ends_on: '2026-12-31', capacity: 5, enrolment_open: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  const round = async (user: string) => {
    const enrolment = await db
      .insertInto('programme_enrolments')
      .values({
        cohort_id: cohort.id,
        programme_id: programme.id,
        user_id: user,
        state: 'enrolled',
        motivation: 'Mine',
        decided_by: null,
        decided_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return db
      .insertInto('programme_rounds')
      .values({
        enrolment_id: enrolment.id,
        module_id: module.id,
        number: 1,
        purpose: 'first',
        mode: 'assessment',
        state: 'submitted',
        evidence_token: `pd-${crypto.randomUUID()}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  };
  const mine = await round(userId);
  await db
    .insertInto('programme_submissions')
    .values({
      round_id: mine.id,
      assignment_id: assignment.id,
      text: 'My work',
      file_name: 'my.txt',
      file_mime: 'text/plain',
      file_size: 2,
      file_data: Buffer.from('hi'),
    })
    .execute();
  // A judgement the person gave as assessor of someone else's work (kept for that person, without their name).
  const theirs = await round(crypto.randomUUID());
  await db
    .insertInto('programme_reviews')
    .values({
      round_id: theirs.id,
      assessor_id: userId,
      role: 'first',
      levels: JSON.stringify({}) as never,
      comment: 'Good',
      moderation_requested: false,
    })
    .execute();
  await db.insertInto('programme_cohort_assessors').values({ cohort_id: cohort.id, user_id: userId, added_by: null }).execute();
  const page = await db
    .insertInto('programme_playbook_pages')
    .values({ programme_id: programme.id, title: 'P', body: 'b', version: 1, updated_by: userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('programme_playbook_versions')
    .values({ page_id: page.id, version: 1, title: 'P', body: 'b', edited_by: userId })
    .execute();
}

/** Something of the person in every table of the communities module that holds personal data. */
async function takePartInCommunity(ctx: AppContext, userId: string): Promise<void> {
  const db = ctx.db;
  const community = await db
    .insertInto('communities')
    .values({
      organisation_id: crypto.randomUUID(),
      slug: `pd-${Math.random().toString(36).slice(2, 8)}`,
      name: 'Practice',
      purpose: '',
      visibility: 'open',
      feed_token: `t-${Math.random()}`,
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const session = await db
    .insertInto('community_sessions')
    .values({
      community_id: community.id,
      theme_id: null,
      kind: 'clinic',
      title: 'Clinic',
      description: '',
      template: null,
      starts_at: new Date(),
      ends_at: new Date(Date.now() + 3_600_000),
      time_zone: 'Europe/Amsterdam',
      place: null,
      online_url: null,
      capacity: null,
      cancelled_at: null,
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Part A: membership, registration, attendance, a contribution, an application, an invitation to
  // the person's address, a calendar feed, a badge awarded, an action item they own.
  const email = (await db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow()).email;
  await db
    .insertInto('community_members')
    .values({ community_id: community.id, user_id: userId, role: 'member', status: 'active', angle: null, joined_at: new Date() })
    .execute();
  await db
    .insertInto('community_registrations')
    .values({ session_id: session.id, user_id: userId, status: 'registered', reminded_at: null })
    .execute();
  await db
    .insertInto('community_attendance')
    .values({ session_id: session.id, user_id: userId, method: 'code', recorded_by: null })
    .execute();
  await db.insertInto('community_contributions').values({ session_id: session.id, user_id: userId, kind: 'presented' }).execute();
  const call = await db
    .insertInto('community_calls')
    .values({
      community_id: community.id,
      title: 'Call',
      description: '',
      questions: JSON.stringify(['Why?']) as never,
      closes_on: null,
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('community_applications')
    .values({ call_id: call.id, user_id: userId, answers: JSON.stringify(['Because']) as never, status: 'submitted', reviewed_by: null })
    .execute();
  await db
    .insertInto('community_invitations')
    .values({ community_id: community.id, email, role: 'member', angle: null, token_hash: `h-${Math.random()}`, invited_by: null })
    .execute();
  await db
    .insertInto('community_feed_tokens')
    .values({ user_id: userId, token: `f-${Math.random()}` })
    .execute();
  const rule = await db
    .insertInto('community_badge_rules')
    .values({
      community_id: community.id,
      theme_id: null,
      kind: 'attended',
      threshold: 1,
      achievement_id: crypto.randomUUID(),
      issuer_user_id: crypto.randomUUID(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('community_badge_awards').values({ rule_id: rule.id, user_id: userId, credential_id: crypto.randomUUID() }).execute();
  // A pathway badge awarded (pathways).
  const pathway = await db
    .insertInto('pathways')
    .values({
      organisation_id: crypto.randomUUID(),
      name: 'Route',
      description: '',
      achievement_id: crypto.randomUUID(),
      status: 'published',
      steps: '[]' as never,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('pathway_awards')
    .values({
      pathway_id: pathway.id,
      user_id: userId,
      credential_id: crypto.randomUUID(),
      credential_url: 'https://x.test/c',
      evidence: '[]' as never,
    })
    .execute();
  await db
    .insertInto('community_actions')
    .values({
      community_id: community.id,
      session_id: session.id,
      theme_id: null,
      title: 'Mine',
      owner_user_id: userId,
      due_on: null,
      status: 'open',
      created_by: null,
    })
    .execute();
  const sessionId = session.id;
  const question = await db
    .insertInto('community_questions')
    .values({ session_id: sessionId, position: 1, text: 'Q', created_by: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('community_question_answers').values({ question_id: question.id, user_id: userId, body: 'My answer' }).execute();
  await db
    .insertInto('community_question_interests')
    .values({ session_id: sessionId, user_id: userId, question_id: question.id })
    .execute();
  const breakoutSet = await db
    .insertInto('community_note_sets')
    .values({ community_id: community.id, session_id: sessionId, scope: 'breakout', owner_id: crypto.randomUUID() })
    .returning(['id', 'owner_id'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('community_breakouts')
    .values({
      id: breakoutSet.owner_id,
      session_id: sessionId,
      name: '1',
      question: '',
      question_id: null,
      note_taker_id: userId,
      note_set_id: breakoutSet.id,
      method: 'hand',
      position: 1,
    })
    .execute();
  await db
    .insertInto('community_breakout_members')
    .values({ breakout_id: breakoutSet.owner_id, session_id: sessionId, user_id: userId })
    .execute();
  await db
    .insertInto('community_note_blocks')
    .values({ note_set_id: breakoutSet.id, body: 'My note', created_by: userId, updated_by: userId })
    .execute();
  const challenge = await db
    .insertInto('community_challenges')
    .values({ session_id: sessionId, presenter_id: userId, title: 'Mine', body: '', reflection_session_id: null, reflection_summary: '' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const other = await db
    .insertInto('community_challenges')
    .values({
      session_id: sessionId,
      presenter_id: crypto.randomUUID(),
      title: 'Theirs',
      body: '',
      reflection_session_id: null,
      reflection_summary: '',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const theirs = await db
    .insertInto('community_solutions')
    .values({ challenge_id: challenge.id, user_id: crypto.randomUUID(), body: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('community_solutions').values({ challenge_id: other.id, user_id: userId, body: 'My solution' }).execute();
  await db.insertInto('community_solution_votes').values({ solution_id: theirs.id, user_id: userId }).execute();
  const topicSet = await db
    .insertInto('community_note_sets')
    .values({ community_id: community.id, session_id: sessionId, scope: 'topic', owner_id: crypto.randomUUID() })
    .returning(['id', 'owner_id'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('community_topics')
    .values({
      id: topicSet.owner_id,
      session_id: sessionId,
      title: 'My topic',
      description: '',
      proposed_by: userId,
      room_id: null,
      slot_id: null,
      note_set_id: topicSet.id,
    })
    .execute();
  await db.insertInto('community_topic_hosts').values({ topic_id: topicSet.owner_id, user_id: userId }).execute();
  await db.insertInto('community_topic_votes').values({ topic_id: topicSet.owner_id, user_id: userId }).execute();
  await db
    .insertInto('community_knowledge')
    .values({
      community_id: community.id,
      theme_id: null,
      kind: 'lesson',
      title: 'Mine',
      body: 'b',
      skill_ids: JSON.stringify([]),
      created_by: userId,
    })
    .execute();
}

function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const files = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describeEachDatabase('personal data: download everything, delete my account', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  test('the modules list exactly the tables that hold personal data', () => {
    const declared = Object.fromEntries(
      ctx()
        .modules.filter((m) => m.personalData)
        .map((m) => [m.name, [...(m.personalData?.tables ?? [])]]),
    );
    // A module added later that keeps personal data must be listed here too, so that the test below covers it.
    expect(declared).toEqual(PERSONAL_TABLES);
  });

  test('the export holds a row of every table of personal data; deletion leaves none, and issued credentials still verify', async () => {
    // A person with something in every table.
    const me = await earner(ctx(), app);
    const user = (await getCurrentUser(ctx().db, me.userId))!;
    const org = await issuerFor(ctx(), 'Issuer');
    const credential = await org.issue(me.email, { name: 'Issued to me' });
    await org.issue(me.second, { name: 'Issued to my second address' });
    const achievement = await createAchievement(ctx(), org.issuer, org.slug, {
      name: 'Claimable',
      description: 'd',
      criteriaNarrative: 'c',
    });
    const claim = await createClaimCode(ctx(), org.issuer, org.slug, achievement.id, { label: 'Open day' });
    await redeemClaim(ctx(), claim.code, { email: me.second, name: 'Me' });
    const bulkId = await startBulkIssue(ctx(), org.issuer, org.slug, achievement.id, `email,name\n${me.second},Me\n`, { notify: false });
    // The job reads the CSV into rows (the address as the file gave it); here the row is put in as it would.
    await ctx()
      .db.insertInto('bulk_issue_rows')
      .values({
        bulk_issue_id: bulkId,
        line: 2,
        email: me.second.toUpperCase(),
        name: 'Me',
        data: JSON.stringify({}) as never,
        status: 'pending',
      })
      .execute();
    // An app the person approved (an OAuth grant, as oidc-provider's adapter stores it).
    await ctx()
      .db.insertInto('oauth_models')
      .values({
        kind: 'Grant',
        id: `grant-${Math.random().toString(36).slice(2)}`,
        payload: JSON.stringify({ accountId: me.userId, clientId: 'wallet', openid: { scope: '' } }) as never,
        account_id: me.userId,
        client_id: 'wallet',
        grant_id: null,
        uid: null,
        user_code: null,
        expires_at: new Date(Date.now() + 86_400_000),
        consumed_at: null,
      })
      .execute();
    await organisationWith(ctx(), `member-org-${Math.random().toString(36).slice(2, 7)}`, [[user, 'member']]);
    const inviter = await issuerFor(ctx(), 'Inviter');
    const orgRow = await ctx().db.selectFrom('organisations').select('id').where('slug', '=', inviter.slug).executeTakeFirstOrThrow();
    await ctx()
      .db.insertInto('invitations')
      .values({
        organisation_id: orgRow.id,
        email: me.email,
        role: 'member',
        token_hash: `hash-${Math.random()}`,
        invited_by: inviter.issuer.id,
        expires_at: new Date(Date.now() + 86_400_000),
      })
      .execute();
    await createApiToken(ctx().db, me.userId, 'script');
    await new Browser(app).post('/reset', { email: me.email }); // a reset link and a mail
    await new Browser(app).post('/signin', { email: me.email, password: 'wrong password here' }); // an attempt
    const elsewhere = await ElsewhereIssuer.create();
    await importBadge(ctx(), me.userId, { text: JSON.stringify(await elsewhere.signed(me.email, 'Imported')) });
    const items = (await me.browser.api('GET', '/api/v1/backpack/items')).json().items as { id: string }[];
    await me.browser.post('/backpack/collections', { name: 'Mine', isPublic: 'on' });
    const [collection] = [
      ...(await me.browser.get('/backpack/collections')).body.matchAll(/\/backpack\/collections\/([0-9a-f-]{36})"/g),
    ].map((m) => m[1]);
    await me.browser.post(`/backpack/collections/${collection}/items`, { item: items[0].id });
    const handle = `pd-${Math.random().toString(36).slice(2, 8)}`;
    await me.browser.post('/backpack/profile', { handle, displayName: 'Me', published: 'on' });
    await takePartInCommunity(ctx(), me.userId);
    // An endorsement they gave in an organisation's name (endorsements).
    await ctx()
      .db.insertInto('endorsements')
      .values({
        organisation_id: crypto.randomUUID(),
        subject_kind: 'achievement',
        subject_id: crypto.randomUUID(),
        subject_uri: 'https://x.test/achievements/1',
        subject_name: 'Badge',
        comment: 'Good',
        document: JSON.stringify({}) as never,
        status_index: 0,
        state: 'active',
        created_by: me.userId,
      })
      .execute();
    // An endorsement they gave as themselves, with a key of their own (credentials' person_signers).
    await ctx()
      .db.insertInto('endorsement_settings')
      .values({ id: 'network', people_may_endorse: true, updated_by: null, updated_at: new Date() })
      .onConflict((oc) => oc.column('id').doUpdateSet({ people_may_endorse: true }))
      .execute();
    await endorseAsPerson(ctx(), user, { subjectType: 'achievement', subjectId: achievement.id, comment: 'I vouch for it' });
    await takePartInProgramme(ctx(), me.userId);
    // Insight: their region, their line in supply (a skill proven, in that region), a share of their skills with an organisation.
    await setPersonRegion(ctx(), user, { municipality: 'Oss', province: 'Noord-Brabant' });
    const { rows: skillRows } = await sql<{ id: string }>`select id from skills limit 1`.execute(ctx().db);
    const skillId =
      skillRows[0]?.id ??
      (
        await sql<{
          id: string;
        }>`insert into skills (source, kind, name, status) values ('local', 'skill', '{"en":"Held"}'::jsonb, 'published') returning id`.execute(
          ctx().db,
        )
      ).rows[0].id;
    await sql`insert into insight_supply_holders (skill_id, holder, municipality, province) values (${skillId}, ${me.userId}, 'Oss', 'Noord-Brabant')`.execute(
      ctx().db,
    );
    await sql`insert into insight_matching_shares (user_id, organisation_id) select ${me.userId}, id from organisations where slug = ${org.slug}`.execute(
      ctx().db,
    );

    // The download: a job with progress, then the zip.
    const started = await me.browser.post('/backpack/data/exports');
    expect(started.statusCode).toBe(303);
    const exportRow = await ctx()
      .db.selectFrom('backpack_exports')
      .select(['id', 'status'])
      .where('user_id', '=', me.userId)
      .executeTakeFirstOrThrow();
    expect(exportRow.status).toBe('queued');
    const queuedPage = await me.browser.get('/backpack/data');
    expect(queuedPage.body).toContain('<progress');
    expect(queuedPage.body).toContain(`hx-get="/backpack/data/exports/${exportRow.id}/status"`);
    await runExport(ctx(), exportRow.id);
    await runExport(ctx(), exportRow.id); // safe to run twice
    const status = await me.browser.get(`/backpack/data/exports/${exportRow.id}/status`);
    expect(status.body).toContain('Download your data (zip)');
    const download = await app.inject({
      method: 'GET',
      url: `/backpack/data/exports/${exportRow.id}/download`,
      headers: { cookie: cookieOf(me.browser) },
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('application/zip');
    const files = await unzip(download.rawPayload);
    expect([...files.keys()]).toEqual(expect.arrayContaining(['README.txt', 'personal-data.json']));
    expect([...files.keys()].filter((f) => f.startsWith('badges/')).length).toBeGreaterThanOrEqual(3);
    const data = JSON.parse(files.get('personal-data.json')!.toString('utf8'));
    for (const [module, tables] of Object.entries(PERSONAL_TABLES))
      for (const table of tables) expect(data.modules[module]?.[table]?.length, `${module}.${table} in the export`).toBeGreaterThan(0);
    expect(JSON.stringify(data)).not.toContain('password_hash');
    expect(data.modules.credentials.issued_credentials.map((c: { id: string }) => c.id)).toContain(credential.id);

    // Another person cannot see or fetch my download.
    const other = await signedInBrowser(ctx(), app);
    expect((await other.browser.get(`/backpack/data/exports/${exportRow.id}/status`)).statusCode).toBe(404);
    expect((await other.browser.get(`/backpack/data/exports/${exportRow.id}/download`)).statusCode).toBe(404);
    expect((await other.browser.api('GET', `/api/v1/backpack/exports/${exportRow.id}`)).statusCode).toBe(404);

    // Deleting: a wrong confirmation changes nothing.
    const subject = await dataSubject(ctx(), me.userId);
    const wrong = await me.browser.post('/backpack/data/delete', { confirm: 'someone@example.org' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('id="confirm-error"');
    expect(await getCurrentUser(ctx().db, me.userId)).not.toBeNull();
    expect((await other.browser.api('POST', '/api/v1/backpack/account/delete', { confirm: me.email })).statusCode).toBe(400);
    expect(await getCurrentUser(ctx().db, me.userId)).not.toBeNull();

    const deleted = await me.browser.post('/backpack/data/delete', { confirm: me.email.toUpperCase() });
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe('/');
    const left = await collectPersonalData(ctx(), subject);
    for (const [module, tables] of Object.entries(PERSONAL_TABLES))
      for (const table of tables) expect(left[module]?.[table], `${module}.${table} after deletion`).toEqual([]);
    expect(await getCurrentUser(ctx().db, me.userId)).toBeNull();
    expect((await me.browser.get('/backpack')).headers.location).toMatch(/^\/signin/);
    expect((await new Browser(app).get(`/p/${handle}`)).statusCode).toBe(404);

    // The issuer's record stays, issued to a pseudonym, and the credential still verifies.
    const record = await ctx()
      .db.selectFrom('issued_credentials')
      .select(['recipient_email', 'recipient_name', 'document'])
      .where('id', '=', credential.id)
      .executeTakeFirstOrThrow();
    expect(record.recipient_email).toMatch(/^erased-[a-z0-9]+@pseudonym\.invalid$/);
    expect(record.recipient_name).toBeNull();
    const verdict = await verifyInContext(ctx(), record.document);
    expect(verdict.valid).toBe(true);
  });

  test('signed out, nothing; bad input names the field', async () => {
    const stranger = new Browser(app);
    await stranger.get('/');
    expect((await stranger.get('/backpack/data')).headers.location).toMatch(/^\/signin/);
    expect((await stranger.post('/backpack/data/exports')).statusCode).toBe(401);
    expect((await stranger.post('/backpack/data/delete', { confirm: 'x@example.org' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/v1/backpack/exports/00000000-0000-4000-8000-000000000000' })).statusCode).toBe(
      401,
    );
    // A signed-out post without the form's token is refused before anything else.
    expect((await app.inject({ method: 'POST', url: '/api/v1/backpack/exports' })).statusCode).toBe(403);

    const me = await signedInBrowser(ctx(), app);
    const api = await me.browser.api('POST', '/api/v1/backpack/account/delete', { confirm: 'nobody@example.org' });
    expect(api.statusCode).toBe(400);
    expect(api.json()).toMatchObject({ field: 'confirm', code: 'backpack:errors.confirmMismatch' });
    expect((await me.browser.api('POST', '/api/v1/backpack/account/delete', {})).statusCode).toBe(400);
    // One download at a time.
    expect((await me.browser.api('POST', '/api/v1/backpack/exports')).statusCode).toBe(202);
    const again = await me.browser.api('POST', '/api/v1/backpack/exports');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'backpack:errors.exportRunning' });
    expect((await me.browser.get('/backpack/data/exports/not-an-id/download')).statusCode).toBe(404);
    const nl = new Browser(app, 'nl');
    nl.cookies = me.browser.cookies;
    expect((await nl.get('/backpack/data')).body).toContain('Je account verwijderen');
  });
});
