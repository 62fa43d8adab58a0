import { writeFile } from 'node:fs/promises';
import { findOrganisation } from '../accounts/api.ts';
import { commandGroup, parseOptions, UsageError, withContext } from '../platform/cli/toolkit.ts';
import type { AppContext } from '../platform/context.ts';
import type { CliCommand } from '../platform/module.ts';
import { communityActions, isOverdue } from './actions.ts';
import { sessionAttendance } from './attendance.ts';
import { evaluateRules } from './badges.ts';
import { type CommunityRow, findCommunity, isUuid } from './communities.ts';
import { E } from './errors.ts';
import { runCommunityJobs } from './jobs.ts';
import { reportMarkdown, reportOfSession } from './reports/service.ts';
import { ACTION_STATUSES } from './schema.ts';
import type { SessionRow } from './sessions.ts';
import { toSpreadsheetCsv } from '../platform/csv.ts';

/**
 * `vaardig communities <sub>`: what an operator scripts about communities — list them and their
 * sessions, export a session's attendance and report and a community's action items (CSV, JSON or
 * Markdown, to stdout or a file), issue the participation badges earned and run the quarter-hourly
 * job now. Commands act as the network's operator: they see every community.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function csv(header: string[], rows: unknown[][]): string {
  return toSpreadsheetCsv([header, ...rows], { record_delimiter: '\r\n' });
}

async function output(text: string, out: string | undefined): Promise<void> {
  if (out) await writeFile(out, text);
  else console.log(text.replace(/\r?\n$/, ''));
}

function format(value: string | undefined, allowed: readonly string[], fallback: string): string {
  const f = value ?? fallback;
  if (!allowed.includes(f)) throw new UsageError(`--format is one of ${allowed.join(', ')}`);
  return f;
}

async function community(ctx: AppContext, ref: string | undefined): Promise<CommunityRow> {
  if (!ref) throw new UsageError('give the community: its slug or id (vaardig communities list shows them)');
  const found = await findCommunity(ctx, ref);
  if (!found) throw E.communityNotFound();
  return found;
}

async function session(ctx: AppContext, id: string | undefined): Promise<SessionRow> {
  if (!id) throw new UsageError('give the id of a session (vaardig communities sessions COMMUNITY lists them)');
  const found = isUuid(id) ? await ctx.db.selectFrom('community_sessions').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!found) throw E.sessionNotFound();
  return found;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : '');

const list: CliCommand = {
  summary: 'Every community: slug, visibility, active members, upcoming sessions, organisation, name — `list [--json]`',
  async run(args) {
    const { values } = parseOptions(args, { json: { type: 'boolean' } });
    return withContext('communities list', async (ctx) => {
      const rows = await ctx.db
        .selectFrom('communities as c')
        .selectAll('c')
        .select((eb) => [
          eb
            .selectFrom('community_members as m')
            .whereRef('m.community_id', '=', 'c.id')
            .where('m.status', '=', 'active')
            .select((e) => e.fn.countAll<string>().as('n'))
            .as('members'),
          eb
            .selectFrom('community_sessions as s')
            .whereRef('s.community_id', '=', 'c.id')
            .where('s.cancelled_at', 'is', null)
            .where('s.starts_at', '>', new Date())
            .select((e) => e.fn.countAll<string>().as('n'))
            .as('upcoming'),
        ])
        .orderBy('c.slug')
        .execute();
      const items = [];
      for (const r of rows)
        items.push({
          id: r.id,
          slug: r.slug,
          name: r.name,
          visibility: r.visibility,
          organisation: (await findOrganisation(ctx.db, r.organisation_id))?.slug ?? null,
          members: Number(r.members ?? 0),
          upcomingSessions: Number(r.upcoming ?? 0),
        });
      if (values.json) console.log(JSON.stringify(items, null, 2));
      else
        for (const i of items)
          console.log(
            [
              i.slug,
              i.visibility.padEnd(10),
              String(i.members).padStart(4),
              String(i.upcomingSessions).padStart(3),
              i.organisation ?? '-',
              i.name,
            ].join('  '),
          );
      return 0;
    });
  },
};

const sessions: CliCommand = {
  summary: 'A community’s sessions: `sessions COMMUNITY [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format text|csv|json] [--out FILE]`',
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      { from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
      true,
    );
    for (const key of ['from', 'to'] as const)
      if (values[key] !== undefined && !DATE.test(values[key])) throw new UsageError(`--${key} is a date: YYYY-MM-DD`);
    const f = format(values.format, ['text', 'csv', 'json'], 'text');
    return withContext('communities sessions', async (ctx) => {
      const c = await community(ctx, positionals[0]);
      let query = ctx.db
        .selectFrom('community_sessions as s')
        .selectAll('s')
        .select((eb) => [
          eb
            .selectFrom('community_registrations as r')
            .whereRef('r.session_id', '=', 's.id')
            .where('r.status', '=', 'registered')
            .select((e) => e.fn.countAll<string>().as('n'))
            .as('registered'),
          eb
            .selectFrom('community_attendance as a')
            .whereRef('a.session_id', '=', 's.id')
            .select((e) => e.fn.countAll<string>().as('n'))
            .as('present'),
        ])
        .where('s.community_id', '=', c.id);
      if (values.from) query = query.where('s.starts_at', '>=', new Date(`${values.from}T00:00:00Z`));
      if (values.to) query = query.where('s.starts_at', '<', new Date(new Date(`${values.to}T00:00:00Z`).getTime() + 86_400_000));
      const rows = (await query.orderBy('s.starts_at').execute()).map((s) => ({
        id: s.id,
        startsAt: iso(s.starts_at),
        endsAt: iso(s.ends_at),
        timeZone: s.time_zone,
        kind: s.kind,
        title: s.title,
        cancelled: s.cancelled_at !== null,
        capacity: s.capacity,
        registered: Number(s.registered ?? 0),
        present: Number(s.present ?? 0),
      }));
      if (f === 'json') await output(`${JSON.stringify(rows, null, 2)}\n`, values.out);
      else if (f === 'csv')
        await output(
          csv(
            ['id', 'starts_at', 'ends_at', 'time_zone', 'kind', 'title', 'cancelled', 'capacity', 'registered', 'present'],
            rows.map((r) => [r.id, r.startsAt, r.endsAt, r.timeZone, r.kind, r.title, r.cancelled, r.capacity, r.registered, r.present]),
          ),
          values.out,
        );
      else
        await output(
          rows
            .map((r) =>
              [
                r.id,
                r.startsAt,
                r.kind.padEnd(10),
                `${r.present}/${r.registered}${r.capacity ? `/${r.capacity}` : ''}`,
                r.cancelled ? 'cancelled' : '',
                r.title,
              ].join('  '),
            )
            .join('\n'),
          values.out,
        );
      return 0;
    });
  },
};

const attendance: CliCommand = {
  summary: 'Who attended a session (every member, present or not): `attendance SESSION [--format csv|json] [--out FILE]`',
  async run(args) {
    const { values, positionals } = parseOptions(args, { format: { type: 'string' }, out: { type: 'string' } }, true);
    const f = format(values.format, ['csv', 'json'], 'csv');
    return withContext('communities attendance', async (ctx) => {
      const s = await session(ctx, positionals[0]);
      const rows = await sessionAttendance(ctx, s);
      if (f === 'json')
        await output(
          `${JSON.stringify(
            {
              session: { id: s.id, title: s.title, startsAt: iso(s.starts_at) },
              items: rows.map((r) => ({ ...r, checkedInAt: iso(r.checkedInAt) || null })),
            },
            null,
            2,
          )}\n`,
          values.out,
        );
      else
        await output(
          csv(
            ['user_id', 'name', 'present', 'method', 'checked_in_at', 'contributions'],
            rows.map((r) => [r.userId, r.name, r.present, r.method, iso(r.checkedInAt), r.contributions.join(' ')]),
          ),
          values.out,
        );
      return 0;
    });
  },
};

const report: CliCommand = {
  summary: 'A session’s report as Markdown: `report SESSION [--out FILE] [--published]` (a draft too, unless --published)',
  async run(args) {
    const { values, positionals } = parseOptions(args, { out: { type: 'string' }, published: { type: 'boolean' } }, true);
    return withContext('communities report', async (ctx) => {
      const s = await session(ctx, positionals[0]);
      const found = await reportOfSession(ctx, s.id);
      if (!found || (values.published && found.status !== 'published')) {
        console.error(`vaardig communities report: session ${s.id} has no ${values.published ? 'published ' : ''}report`);
        return 1;
      }
      await output(reportMarkdown(found), values.out);
      if (values.out) console.log(`${found.status} report "${found.title}" written to ${values.out}`);
      return 0;
    });
  },
};

const actions: CliCommand = {
  summary: 'A community’s action items: `actions COMMUNITY [--status open|done|dropped] [--overdue] [--format text|csv|json] [--out FILE]`',
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      { status: { type: 'string' }, overdue: { type: 'boolean' }, format: { type: 'string' }, out: { type: 'string' } },
      true,
    );
    if (values.status !== undefined && !(ACTION_STATUSES as readonly string[]).includes(values.status))
      throw new UsageError(`--status is one of ${ACTION_STATUSES.join(', ')}`);
    const f = format(values.format, ['text', 'csv', 'json'], 'text');
    return withContext('communities actions', async (ctx) => {
      const c = await community(ctx, positionals[0]);
      const items = (await communityActions(ctx, c.id))
        .filter((a) => !values.status || a.status === values.status)
        .filter((a) => !values.overdue || isOverdue(a))
        .map((a) => ({
          id: a.id,
          title: a.title,
          status: a.status,
          overdue: isOverdue(a),
          dueOn: a.due_on,
          ownerId: a.owner_user_id,
          owner: a.ownerName,
          sessionId: a.session_id,
          session: a.sessionTitle,
          createdAt: iso(a.created_at),
          doneAt: iso(a.done_at) || null,
        }));
      if (f === 'json') await output(`${JSON.stringify(items, null, 2)}\n`, values.out);
      else if (f === 'csv')
        await output(
          csv(
            ['id', 'title', 'status', 'overdue', 'due_on', 'owner_id', 'owner', 'session_id', 'session', 'created_at', 'done_at'],
            items.map((a) => [
              a.id,
              a.title,
              a.status,
              a.overdue,
              a.dueOn,
              a.ownerId,
              a.owner,
              a.sessionId,
              a.session,
              a.createdAt,
              a.doneAt,
            ]),
          ),
          values.out,
        );
      else
        await output(
          items
            .map((a) =>
              [a.status.padEnd(7), a.dueOn ?? '----------', a.overdue ? 'overdue' : '       ', a.owner ?? '-', a.title].join('  '),
            )
            .join('\n'),
          values.out,
        );
      return 0;
    });
  },
};

const award: CliCommand = {
  summary: 'Issue now the participation badges members earned (the job’s step): `award [--community COMMUNITY]`',
  async run(args) {
    const { values } = parseOptions(args, { community: { type: 'string' } });
    return withContext('communities award', async (ctx) => {
      const c = values.community ? await community(ctx, values.community) : null;
      const result = await evaluateRules(ctx, { communityId: c?.id });
      for (const a of result.awarded) console.log(`issued "${a.name}" to ${a.userId}: ${a.url}`);
      console.log(`${result.issued} issued, ${result.failed} failed`);
      return result.failed ? 1 : 0;
    });
  },
};

const jobs: CliCommand = {
  summary: 'Run the quarter-hourly job once now: session reminders, overdue action items, participation badges — `jobs`',
  async run(args) {
    parseOptions(args, {});
    return withContext('communities jobs', async (ctx) => {
      const done = await runCommunityJobs(ctx);
      console.log(
        `${done.reminders} session reminder(s), ${done.overdue} overdue action item mail(s), ${done.badges} badge(s) issued, ${done.failed} failed`,
      );
      return done.failed ? 1 : 0;
    });
  },
};

/** `vaardig communities <sub>`. */
export const communitiesCli: Record<string, CliCommand> = {
  communities: commandGroup('communities', 'Communities of practice', { list, sessions, attendance, report, actions, award, jobs }),
};
