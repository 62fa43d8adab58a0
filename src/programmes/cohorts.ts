/**
 * Cohorts (dates, capacity), their assessors, and enrolment: an application the programme's
 * managers accept or decline, or open enrolment while places last. A cohort's row is locked while
 * a place is given, so two people cannot take the last place at once.
 */
import type { Selectable } from 'kysely';
import { type CurrentUser, getCurrentUser, normaliseEmail, usersWithConfirmedAddresses, confirmedAddresses } from '../accounts/api.ts';
import type { AppContext } from '../platform/context.ts';
import { type AppError, invalidFields, PlatformErrors } from '../platform/errors.ts';
import type { Locale } from '../platform/module.ts';
import { access, type Access, isUuid, managerAccess, type EnrolmentRow } from './access.ts';
import { E } from './errors.ts';
import type { ProgrammeCohortsTable } from './schema.ts';

export const MAX_CAPACITY = 1000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

type CohortRow = Selectable<ProgrammeCohortsTable>;

export interface Cohort {
  id: string;
  programmeId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  capacity: number;
  enrolmentOpen: boolean;
  /** Enrolled participants. */
  enrolled: number;
  /** Applications waiting for a decision. */
  applied: number;
  /** running (between its dates), upcoming or finished, today. */
  phase: 'upcoming' | 'running' | 'finished';
}

/** Today as a calendar day (UTC). */
export const today = (now = new Date()) => now.toISOString().slice(0, 10);

function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function toCohort(row: CohortRow, counts: { enrolled: number; applied: number }, now = new Date()): Cohort {
  const day = today(now);
  return {
    id: row.id,
    programmeId: row.programme_id,
    name: row.name,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    capacity: row.capacity,
    enrolmentOpen: row.enrolment_open,
    ...counts,
    phase: day < row.starts_on ? 'upcoming' : day > row.ends_on ? 'finished' : 'running',
  };
}

/** The cohorts of a programme, by start date, with their counts. */
export async function cohortsOf(ctx: AppContext, programmeId: string): Promise<Cohort[]> {
  const rows = await ctx.db
    .selectFrom('programme_cohorts')
    .selectAll()
    .where('programme_id', '=', programmeId)
    .orderBy('starts_on')
    .orderBy('id')
    .execute();
  if (rows.length === 0) return [];
  const counts = await ctx.db
    .selectFrom('programme_enrolments')
    .select(['cohort_id', 'state', (eb) => eb.fn.countAll<string>().as('n')])
    .where(
      'cohort_id',
      'in',
      rows.map((r) => r.id),
    )
    .where('state', 'in', ['applied', 'enrolled'])
    .groupBy(['cohort_id', 'state'])
    .execute();
  const count = (id: string, state: string) => Number(counts.find((c) => c.cohort_id === id && c.state === state)?.n ?? 0);
  return rows.map((r) => toCohort(r, { enrolled: count(r.id, 'enrolled'), applied: count(r.id, 'applied') }));
}

export interface CohortInput {
  name?: string;
  startsOn?: string;
  endsOn?: string;
  capacity?: number | string;
  enrolmentOpen?: boolean;
}

function checkCohort(input: CohortInput, current?: CohortRow) {
  const errors: AppError[] = [];
  const text = (v: unknown, fallback = '') => (v === undefined ? fallback : typeof v === 'string' ? v.trim() : String(v ?? '').trim());
  const name = text(input.name, current?.name);
  const startsOn = text(input.startsOn, current?.starts_on);
  const endsOn = text(input.endsOn, current?.ends_on);
  const capacityText = text(input.capacity, current ? String(current.capacity) : '');
  if (!name) errors.push(PlatformErrors.required('name'));
  else if (name.length > 200) errors.push(PlatformErrors.tooLong('name', { max: 200 }));
  if (!startsOn) errors.push(PlatformErrors.required('startsOn'));
  else if (!isDay(startsOn)) errors.push(E.notDate('startsOn'));
  if (!endsOn) errors.push(PlatformErrors.required('endsOn'));
  else if (!isDay(endsOn)) errors.push(E.notDate('endsOn'));
  else if (isDay(startsOn) && endsOn < startsOn) errors.push(E.endsBeforeStart('endsOn'));
  const capacity = Number(capacityText);
  if (!capacityText) errors.push(PlatformErrors.required('capacity'));
  else if (!/^\d+$/.test(capacityText) || capacity < 1 || capacity > MAX_CAPACITY)
    errors.push(E.wholeNumber('capacity', { min: 1, max: MAX_CAPACITY }));
  if (errors.length) throw invalidFields(errors);
  return { name, startsOn, endsOn, capacity, enrolmentOpen: input.enrolmentOpen ?? current?.enrolment_open ?? true };
}

export async function addCohort(ctx: AppContext, user: CurrentUser | null, programmeId: string, input: CohortInput): Promise<Cohort> {
  const { programme } = await managerAccess(ctx, user, programmeId);
  const checked = checkCohort(input);
  const row = await ctx.db
    .insertInto('programme_cohorts')
    .values({
      programme_id: programme.id,
      name: checked.name,
      starts_on: checked.startsOn,
      ends_on: checked.endsOn,
      capacity: checked.capacity,
      enrolment_open: checked.enrolmentOpen,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCohort(row, { enrolled: 0, applied: 0 });
}

/** A cohort and the programme as the person may see it ("not found" when they may not see the programme). */
export async function cohortAccess(
  ctx: AppContext,
  user: CurrentUser | null,
  cohortId: string,
): Promise<{ access: Access; cohort: Cohort }> {
  const row = isUuid(cohortId)
    ? await ctx.db.selectFrom('programme_cohorts').selectAll().where('id', '=', cohortId).executeTakeFirst()
    : undefined;
  if (!row) throw E.cohortNotFound('id');
  const found = await access(ctx, user, row.programme_id);
  const cohort = (await cohortsOf(ctx, row.programme_id)).find((c) => c.id === row.id);
  if (!cohort) throw E.cohortNotFound('id');
  return { access: found, cohort };
}

export async function updateCohort(ctx: AppContext, user: CurrentUser | null, cohortId: string, input: CohortInput): Promise<Cohort> {
  const { cohort } = await cohortAccess(ctx, user, cohortId);
  await managerAccess(ctx, user, cohort.programmeId);
  const current = await ctx.db.selectFrom('programme_cohorts').selectAll().where('id', '=', cohort.id).executeTakeFirstOrThrow();
  const checked = checkCohort(input, current);
  if (checked.capacity < cohort.enrolled) throw E.wholeNumber('capacity', { min: Math.max(1, cohort.enrolled), max: MAX_CAPACITY });
  await ctx.db
    .updateTable('programme_cohorts')
    .set({
      name: checked.name,
      starts_on: checked.startsOn,
      ends_on: checked.endsOn,
      capacity: checked.capacity,
      enrolment_open: checked.enrolmentOpen,
    })
    .where('id', '=', cohort.id)
    .execute();
  return (await cohortAccess(ctx, user, cohort.id)).cohort;
}

// ----- assessors -----

export interface Person {
  id: string;
  name: string;
  email: string;
}

export async function people(ctx: AppContext, ids: readonly string[]): Promise<Map<string, Person>> {
  const out = new Map<string, Person>();
  for (const id of new Set(ids)) {
    const user = await getCurrentUser(ctx.db, id);
    if (user) out.set(id, { id, name: user.name, email: user.email });
  }
  return out;
}

export async function assessorsOf(ctx: AppContext, cohortId: string): Promise<Person[]> {
  const rows = await ctx.db
    .selectFrom('programme_cohort_assessors')
    .select('user_id')
    .where('cohort_id', '=', cohortId)
    .orderBy('added_at')
    .execute();
  const found = await people(
    ctx,
    rows.map((r) => r.user_id),
  );
  return [...found.values()];
}

/** Makes the person whose confirmed address this is an assessor of the cohort (managers only). */
export async function addAssessor(ctx: AppContext, user: CurrentUser | null, cohortId: string, email: string): Promise<Person> {
  const { cohort } = await cohortAccess(ctx, user, cohortId);
  await managerAccess(ctx, user, cohort.programmeId);
  const address = normaliseEmail(typeof email === 'string' ? email : '');
  if (!address) throw PlatformErrors.required('email');
  if (!/^[^\s@]+@[^\s@]+$/.test(address)) throw PlatformErrors.notEmail('email');
  const [userId] = await usersWithConfirmedAddresses(ctx.db, [address]);
  if (!userId) throw E.assessorUnknown('email', { email: address });
  const participant = await ctx.db
    .selectFrom('programme_enrolments')
    .select('id')
    .where('cohort_id', '=', cohort.id)
    .where('user_id', '=', userId)
    .where('state', 'in', ['applied', 'enrolled'])
    .executeTakeFirst();
  if (participant) throw E.assessorIsParticipant('email');
  const inserted = await ctx.db
    .insertInto('programme_cohort_assessors')
    .values({ cohort_id: cohort.id, user_id: userId, added_by: user?.id ?? null })
    .onConflict((oc) => oc.columns(['cohort_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  if (!inserted) throw E.alreadyAssessor('email');
  const person = (await people(ctx, [userId])).get(userId);
  if (!person) throw E.assessorUnknown('email', { email: address });
  return person;
}

export async function removeAssessor(ctx: AppContext, user: CurrentUser | null, cohortId: string, userId: string): Promise<void> {
  const { cohort } = await cohortAccess(ctx, user, cohortId);
  await managerAccess(ctx, user, cohort.programmeId);
  if (!isUuid(userId)) throw PlatformErrors.notUuid('userId');
  await ctx.db.deleteFrom('programme_cohort_assessors').where('cohort_id', '=', cohort.id).where('user_id', '=', userId).execute();
}

// ----- enrolment -----

export interface EnrolmentView {
  id: string;
  cohortId: string;
  programmeId: string;
  person: Person | null;
  state: EnrolmentRow['state'];
  motivation: string;
  createdAt: Date;
  decidedAt: Date | null;
}

export function toEnrolment(row: EnrolmentRow, person: Person | null): EnrolmentView {
  return {
    id: row.id,
    cohortId: row.cohort_id,
    programmeId: row.programme_id,
    person,
    state: row.state,
    motivation: row.motivation,
    createdAt: row.created_at as Date,
    decidedAt: row.decided_at as Date | null,
  };
}

/**
 * Applies for (or, with open enrolment, enrols in) a cohort of a published programme, while its
 * enrolment is open and it has not ended. One application or enrolment in force per programme.
 */
export async function enrol(
  ctx: AppContext,
  user: CurrentUser | null,
  cohortId: string,
  input: { motivation?: string },
): Promise<EnrolmentView> {
  if (!user) throw PlatformErrors.unauthorized();
  const { access: found, cohort } = await cohortAccess(ctx, user, cohortId);
  const { programme } = found;
  if (programme.status !== 'published' || !cohort.enrolmentOpen || cohort.phase === 'finished') throw E.enrolmentClosed('cohortId');
  if (found.enrolment) throw E.alreadyEnrolled('cohortId');
  if (found.assessorOf.includes(cohort.id)) throw E.assessorIsParticipant('cohortId');
  const motivation = typeof input.motivation === 'string' ? input.motivation.trim() : '';
  if (programme.enrolment === 'application' && !motivation) throw PlatformErrors.required('motivation');
  if (motivation.length > 5000) throw PlatformErrors.tooLong('motivation', { max: 5000 });
  const open = programme.enrolment === 'open';
  const row = await ctx.db
    .transaction()
    .execute(async (trx) => {
      const locked = await trx
        .selectFrom('programme_cohorts')
        .select(['capacity'])
        .where('id', '=', cohort.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (open) {
        const taken = await trx
          .selectFrom('programme_enrolments')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('cohort_id', '=', cohort.id)
          .where('state', '=', 'enrolled')
          .executeTakeFirstOrThrow();
        if (Number(taken.n) >= locked.capacity) throw E.cohortFull('cohortId');
      }
      const previous = await trx
        .selectFrom('programme_enrolments')
        .select('id')
        .where('cohort_id', '=', cohort.id)
        .where('user_id', '=', user.id)
        .executeTakeFirst();
      const values = {
        state: open ? ('enrolled' as const) : ('applied' as const),
        motivation,
        decided_by: null,
        decided_at: open ? new Date() : null,
      };
      // Declined or withdrawn before: the same row comes back as a new application.
      if (previous)
        return trx
          .updateTable('programme_enrolments')
          .set({ ...values, created_at: new Date() })
          .where('id', '=', previous.id)
          .returningAll()
          .executeTakeFirstOrThrow();
      return trx
        .insertInto('programme_enrolments')
        .values({ cohort_id: cohort.id, programme_id: programme.id, user_id: user.id, ...values })
        .returningAll()
        .executeTakeFirstOrThrow();
    })
    .catch((error) => {
      if (/programme_enrolments_one_active|duplicate key|unique/i.test(String((error as Error).message)))
        throw E.alreadyEnrolled('cohortId');
      throw error;
    });
  return toEnrolment(row, { id: user.id, name: user.name, email: user.email });
}

/** The applications and participants of a cohort (its programme's managers, and its assessors). */
export async function enrolmentsOf(ctx: AppContext, user: CurrentUser | null, cohortId: string): Promise<EnrolmentView[]> {
  if (!user) throw PlatformErrors.unauthorized();
  const { access: found, cohort } = await cohortAccess(ctx, user, cohortId);
  if (!found.manager && !found.assessorOf.includes(cohort.id)) throw PlatformErrors.forbidden();
  let query = ctx.db.selectFrom('programme_enrolments').selectAll().where('cohort_id', '=', cohort.id);
  // Assessors see the participants, not the applications.
  if (!found.manager) query = query.where('state', '=', 'enrolled');
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  const found2 = await people(
    ctx,
    rows.map((r) => r.user_id),
  );
  return rows.map((r) => toEnrolment(r, found2.get(r.user_id) ?? null));
}

/** Accepts or declines an application (managers); accepting needs a place. The applicant gets a mail. */
export async function decide(
  ctx: AppContext,
  user: CurrentUser | null,
  enrolmentId: string,
  decision: string,
  programmeId?: string,
): Promise<EnrolmentView> {
  if (!user) throw PlatformErrors.unauthorized();
  const row = isUuid(enrolmentId)
    ? await ctx.db.selectFrom('programme_enrolments').selectAll().where('id', '=', enrolmentId).executeTakeFirst()
    : undefined;
  if (!row || (programmeId !== undefined && row.programme_id !== programmeId)) throw E.enrolmentNotFound('id');
  const found = await access(ctx, user, row.programme_id).catch(() => null);
  if (!found) throw E.enrolmentNotFound('id');
  if (!found.manager) throw found.assessorOf.length ? PlatformErrors.forbidden() : E.enrolmentNotFound('id');
  if (decision !== 'accept' && decision !== 'decline') throw E.decision('decision');
  const updated = await ctx.db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('programme_cohorts')
      .select('capacity')
      .where('id', '=', row.cohort_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const current = await trx.selectFrom('programme_enrolments').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    if (current.state !== 'applied') throw E.enrolmentDecided('decision');
    if (decision === 'accept') {
      const taken = await trx
        .selectFrom('programme_enrolments')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('cohort_id', '=', row.cohort_id)
        .where('state', '=', 'enrolled')
        .executeTakeFirstOrThrow();
      if (Number(taken.n) >= locked.capacity) throw E.cohortFull('decision');
    }
    return trx
      .updateTable('programme_enrolments')
      .set({ state: decision === 'accept' ? 'enrolled' : 'declined', decided_by: user.id, decided_at: new Date() })
      .where('id', '=', row.id)
      .where('state', '=', 'applied')
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  const person = (await people(ctx, [row.user_id])).get(row.user_id) ?? null;
  await mailDecision(ctx, found, updated, person);
  return toEnrolment(updated, person);
}

async function mailDecision(ctx: AppContext, found: Access, row: EnrolmentRow, person: Person | null): Promise<void> {
  if (!person) return;
  const [to] = await confirmedAddresses(ctx.db, person.id);
  if (!to) return;
  const account = await getCurrentUser(ctx.db, person.id);
  const lang: Locale = account?.locale === 'nl' ? 'nl' : 'en';
  const t = ctx.i18n.getFixedT(lang, 'programmes');
  const vars = { name: person.name, programme: found.programme.name, link: `${ctx.config.baseUrl}/programmes/${found.programme.id}` };
  const kind = row.state === 'enrolled' ? 'accepted' : 'declined';
  await ctx.mail.send({ to, subject: t(`mail.${kind}.subject`, vars), text: t(`mail.${kind}.body`, vars) });
}
