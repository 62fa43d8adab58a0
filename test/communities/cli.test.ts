import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createOrganisation, createUser, getCurrentUser, type CurrentUser } from '../../src/accounts/api.ts';
import { createRule } from '../../src/communities/badges.ts';
import { createCommunity } from '../../src/communities/communities.ts';
import { modules } from '../../src/modules.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { createContext } from '../../src/platform/context.ts';
import { CLI_BASE_ENV, vaardig } from '../helpers/cli.ts';
import { createPostgresDatabase, POSTGRES_URL } from '../helpers/db.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * `vaardig communities …` as an operator's script runs it, against a database of its own (PGlite in
 * a VAARDIG_HOME, or a fresh PostgreSQL database): a community with a past session (attendance, a
 * report, action items), a cancelled one and an upcoming one.
 */
for (const kind of ['pglite', 'postgres'] as const) {
  const run = kind === 'postgres' && !POSTGRES_URL ? describe.skip : describe;
  run(`vaardig communities [${kind}]`, () => {
    const home = tempDir('communities-cli');
    const env: Record<string, string> = { VAARDIG_HOME: home, BASE_URL: 'http://vaardig.test' };
    let database: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
    let past = '';
    let upcoming = '';
    let mila: CurrentUser;
    let noor: CurrentUser;

    beforeAll(async () => {
      if (kind === 'postgres' && POSTGRES_URL) {
        database = await createPostgresDatabase('vaardig_ccli');
        env.DATABASE_URL = database.url;
      }
      const ctx = await createContext(loadConfig({ ...process.env, ...CLI_BASE_ENV, ...env }), modules, {
        log: pino({ level: 'silent' }),
      });
      try {
        const user = async (name: string) => {
          const email = `${name.toLowerCase().replace(/[^a-z]/g, '')}@example.org`;
          const { id } = await createUser(ctx.db, { email, name, password: 'correct horse battery' });
          return (await getCurrentUser(ctx.db, id)) as CurrentUser;
        };
        const fenna = await user('Fenna');
        mila = await user('Mila');
        noor = await user('Noor, "de" tweede');
        const { id: org } = await createOrganisation(ctx.db, { slug: 'regio', name: 'Regio', kind: 'employer', description: '' }, fenna.id);
        await addMember(ctx.db, org, mila.id, 'member');
        const c = await createCommunity(ctx, fenna, { organisation: 'regio', name: 'Leren in de wijk', purpose: '', visibility: 'open' });
        await createCommunity(ctx, fenna, { organisation: 'regio', name: 'Besloten kring', purpose: '', visibility: 'invitation' });
        for (const u of [mila, noor])
          await ctx.db
            .insertInto('community_members')
            .values({ community_id: c.id, user_id: u.id, role: 'member', status: 'active', angle: null, joined_at: new Date() })
            .execute();
        const session = async (title: string, startsAt: Date, cancelled = false) =>
          (
            await ctx.db
              .insertInto('community_sessions')
              .values({
                community_id: c.id,
                theme_id: null,
                kind: 'community',
                title,
                description: '',
                template: 'builtin:community',
                starts_at: startsAt,
                ends_at: new Date(startsAt.getTime() + 2 * 3600_000),
                time_zone: 'Europe/Amsterdam',
                place: null,
                online_url: null,
                capacity: 12,
                cancelled_at: cancelled ? new Date() : null,
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
        past = await session('Eerste bijeenkomst', new Date('2025-03-10T13:00:00Z'));
        await session('Afgelast', new Date('2025-04-10T13:00:00Z'), true);
        upcoming = await session('Volgende bijeenkomst', new Date(Date.now() + 7 * 86_400_000));
        await ctx.db
          .insertInto('community_attendance')
          .values({
            session_id: past,
            user_id: mila.id,
            method: 'code',
            recorded_by: null,
            checked_in_at: new Date('2025-03-10T13:05:00Z'),
          })
          .execute();
        await ctx.db.insertInto('community_contributions').values({ session_id: past, user_id: mila.id, kind: 'presented' }).execute();
        for (const [title, status, due] of [
          ['Verslag schrijven', 'open', '2025-03-20'],
          ['Zaal boeken', 'done', '2025-03-15'],
          ['Later, misschien', 'open', '2099-01-01'],
        ] as const)
          await ctx.db
            .insertInto('community_actions')
            .values({ community_id: c.id, session_id: past, title, owner_user_id: mila.id, due_on: due, status, created_by: mila.id })
            .execute();
        await ctx.db
          .insertInto('community_reports')
          .values({
            community_id: c.id,
            session_id: past,
            theme_id: null,
            title: 'Verslag eerste bijeenkomst',
            body: '## Besluiten\n\n- Elke maand.',
            skill_ids: '[]' as never,
            status: 'published',
            published_at: new Date(),
          })
          .execute();
        await createRule(ctx, fenna, c.slug, { kind: 'attended', threshold: 1, name: 'Erbij geweest', description: 'Kwam.' });
      } finally {
        await ctx.close();
      }
    });
    afterAll(async () => {
      rmSync(home, { recursive: true, force: true });
      await database?.drop();
    });

    it('list: every community, a closed one too, with members and upcoming sessions; --json', async () => {
      const listed = await vaardig(env, 'communities', 'list');
      expect(listed.stderr).toBe('');
      expect(listed.code).toBe(0);
      expect(listed.stdout).toMatch(/^besloten-kring {2}invitation {2}\s+1 {2}\s+0 {2}regio {2}Besloten kring$/m);
      expect(listed.stdout).toMatch(/^leren-in-de-wijk {2}open {6}\s+3 {2}\s+1 {2}regio {2}Leren in de wijk$/m);
      const json = JSON.parse((await vaardig(env, 'communities', 'list', '--json')).stdout);
      expect(json.map((c: { slug: string }) => c.slug)).toEqual(['besloten-kring', 'leren-in-de-wijk']);
      expect(json[1]).toMatchObject({ visibility: 'open', members: 3, upcomingSessions: 1, organisation: 'regio' });
      const help = await vaardig(env, 'communities', '--help');
      for (const sub of ['actions', 'attendance', 'award', 'jobs', 'list', 'report', 'sessions'])
        expect(help.stdout).toMatch(new RegExp(`^  ${sub} `, 'm'));
      expect((await vaardig(env, '--help')).stdout).toMatch(/^ {2}communities +Communities of practice/m);
    });

    it('sessions: by date, as text, CSV or JSON; cancelled ones marked', async () => {
      const all = await vaardig(env, 'communities', 'sessions', 'leren-in-de-wijk');
      expect(all.code).toBe(0);
      expect(all.stdout.trim().split('\n')).toHaveLength(3);
      expect(all.stdout).toContain(`${past}  2025-03-10T13:00:00.000Z  community   1/0/12    Eerste bijeenkomst`);
      expect(all.stdout).toMatch(/cancelled {2}Afgelast/);
      const march = await vaardig(
        env,
        'communities',
        'sessions',
        'leren-in-de-wijk',
        '--from',
        '2025-03-01',
        '--to',
        '2025-03-31',
        '--format',
        'csv',
      );
      expect(march.stdout.trimEnd().split('\r\n')).toEqual([
        'id,starts_at,ends_at,time_zone,kind,title,cancelled,capacity,registered,present',
        `${past},2025-03-10T13:00:00.000Z,2025-03-10T15:00:00.000Z,Europe/Amsterdam,community,Eerste bijeenkomst,false,12,0,1`,
      ]);
      const json = JSON.parse((await vaardig(env, 'communities', 'sessions', 'leren-in-de-wijk', '--format', 'json')).stdout);
      expect(json.map((s: { id: string }) => s.id)).toContain(upcoming);
    });

    it('attendance: every member of the session as CSV (names quoted when needed) or JSON, to a file', async () => {
      const out = join(home, 'aanwezig.csv');
      const written = await vaardig(env, 'communities', 'attendance', past, '--out', out);
      expect(written.code).toBe(0);
      const lines = readFileSync(out, 'utf8').split('\r\n');
      expect(lines[0]).toBe('user_id,name,present,method,checked_in_at,contributions');
      expect(lines).toContain(`${mila.id},Mila,true,code,2025-03-10T13:05:00.000Z,presented`);
      expect(lines).toContain(`${noor.id},"Noor, ""de"" tweede",false,,,`);
      const json = JSON.parse((await vaardig(env, 'communities', 'attendance', past, '--format', 'json')).stdout);
      expect(json.session).toMatchObject({ id: past, title: 'Eerste bijeenkomst' });
      expect(json.items.find((r: { userId: string }) => r.userId === mila.id)).toMatchObject({
        present: true,
        contributions: ['presented'],
      });
    });

    it('report: the Markdown to stdout or a file; a session without one exits 1', async () => {
      const printed = await vaardig(env, 'communities', 'report', past);
      expect(printed.code).toBe(0);
      expect(printed.stdout).toBe('# Verslag eerste bijeenkomst\n\n## Besluiten\n\n- Elke maand.\n');
      const out = join(home, 'verslag.md');
      expect((await vaardig(env, 'communities', 'report', past, '--out', out)).stdout).toContain(
        'published report "Verslag eerste bijeenkomst"',
      );
      expect(readFileSync(out, 'utf8')).toContain('- Elke maand.');
      const none = await vaardig(env, 'communities', 'report', upcoming);
      expect(none.code).toBe(1);
      expect(none.stderr).toContain('has no report');
    });

    it('actions: filtered by status and overdue, as text, CSV or JSON', async () => {
      const open = await vaardig(env, 'communities', 'actions', 'leren-in-de-wijk', '--status', 'open');
      expect(open.stdout.trim().split('\n')).toEqual([
        'open     2025-03-20  overdue  Mila  Verslag schrijven',
        'open     2099-01-01           Mila  Later, misschien',
      ]);
      const overdue = JSON.parse(
        (await vaardig(env, 'communities', 'actions', 'leren-in-de-wijk', '--overdue', '--format', 'json')).stdout,
      );
      expect(overdue.map((a: { title: string }) => a.title)).toEqual(['Verslag schrijven']);
      const asCsv = (await vaardig(env, 'communities', 'actions', 'leren-in-de-wijk', '--format', 'csv')).stdout;
      expect(asCsv).toContain('"Later, misschien",open,false,2099-01-01');
    });

    it('award issues the earned badge once; jobs runs the quarter-hourly job', async () => {
      const first = await vaardig(env, 'communities', 'award', '--community', 'leren-in-de-wijk');
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(new RegExp(`^issued "Erbij geweest" to ${mila.id}: http://vaardig.test/credentials/`, 'm'));
      expect(first.stdout).toContain('1 issued, 0 failed');
      expect((await vaardig(env, 'communities', 'award')).stdout).toContain('0 issued, 0 failed');
      const job = await vaardig(env, 'communities', 'jobs');
      expect(job.code).toBe(0);
      // Mila owns one overdue item: mailed once, then never again.
      expect(job.stdout).toBe('0 session reminder(s), 1 overdue action item mail(s), 0 badge(s) issued, 0 failed\n');
      expect((await vaardig(env, 'communities', 'jobs')).stdout).toContain('0 overdue action item mail(s)');
    });

    it('bad input: usage errors exit 2 and say what is expected; unknown things exit 1 naming them', async () => {
      for (const args of [
        ['sessions'],
        ['sessions', 'leren-in-de-wijk', '--from', '10-03-2025'],
        ['sessions', 'leren-in-de-wijk', '--format', 'xml'],
        ['attendance'],
        ['actions', 'leren-in-de-wijk', '--status', 'late'],
        ['list', '--colour'],
        ['export'],
      ]) {
        const result = await vaardig(env, 'communities', ...args);
        expect(result.code, args.join(' ')).toBe(2);
        expect(result.stderr, args.join(' ')).not.toBe('');
      }
      const nobody = await vaardig(env, 'communities', 'sessions', 'nergens');
      expect(nobody.code).toBe(1);
      expect(nobody.stderr).toMatch(/^vaardig communities: This community was not found/);
      const noSession = await vaardig(env, 'communities', 'attendance', '00000000-0000-4000-8000-000000000000');
      expect(noSession.code).toBe(1);
      expect(noSession.stderr).toContain('not found');
    });
  });
}
