/**
 * A participant's work: rounds of work on a module (the first attempt, a new attempt after a
 * decision that did not pass, a renewal) with a submission per assignment — text, a file, a link.
 * Submissions can be replaced until an assessor has looked at the round; then they are kept as
 * they were judged. Participants see only their own work; assessors the work of their cohorts.
 */
import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { CurrentUser } from '../accounts/api.ts';
import type { AppContext } from '../platform/context.ts';
import { type AppError, invalidFields, PlatformErrors } from '../platform/errors.ts';
import { access, type Access, type EnrolmentRow, isUuid } from './access.ts';
import { E } from './errors.ts';
import { type Assignment, type Module, modulesOf } from './programmes.ts';
import type { ProgrammeRoundsTable, ProgrammeSubmissionsTable, RenewalMode } from './schema.ts';

export const MAX_FILE = 10 * 1024 * 1024;
export const MAX_TEXT = 20_000;
/** Renewal opens this many days before a badge expires (and stays open after). */
export const RENEWAL_DAYS = 60;

export type RoundRow = Selectable<ProgrammeRoundsTable>;
type SubmissionRow = Selectable<ProgrammeSubmissionsTable>;

export interface Submission {
  id: string;
  roundId: string;
  assignmentId: string;
  text: string;
  link: string | null;
  file: { name: string; mime: string; size: number } | null;
  submittedAt: Date;
  updatedAt: Date;
}

export interface Round {
  id: string;
  enrolmentId: string;
  moduleId: string;
  number: number;
  purpose: RoundRow['purpose'];
  mode: RenewalMode;
  state: RoundRow['state'];
  claimText: string;
  claimLink: string | null;
  levels: Record<string, string> | null;
  decidedAt: Date | null;
  credentialId: string | null;
  credentialUrl: string | null;
  validUntil: Date | null;
  renewsRoundId: string | null;
  evidenceToken: string;
  createdAt: Date;
}

export function toRound(r: RoundRow): Round {
  return {
    id: r.id,
    enrolmentId: r.enrolment_id,
    moduleId: r.module_id,
    number: r.number,
    purpose: r.purpose,
    mode: r.mode,
    state: r.state,
    claimText: r.claim_text,
    claimLink: r.claim_link,
    levels: r.levels,
    decidedAt: r.decided_at as Date | null,
    credentialId: r.credential_id,
    credentialUrl: r.credential_url,
    validUntil: r.valid_until as Date | null,
    renewsRoundId: r.renews_round_id,
    evidenceToken: r.evidence_token,
    createdAt: r.created_at as Date,
  };
}

export function toSubmission(r: Omit<SubmissionRow, 'file_data'>): Submission {
  return {
    id: r.id,
    roundId: r.round_id,
    assignmentId: r.assignment_id,
    text: r.text,
    link: r.link,
    file: r.file_name ? { name: r.file_name, mime: r.file_mime ?? 'application/octet-stream', size: r.file_size ?? 0 } : null,
    submittedAt: r.submitted_at as Date,
    updatedAt: r.updated_at as Date,
  };
}

const SUBMISSION_COLUMNS = [
  'id',
  'round_id',
  'assignment_id',
  'text',
  'link',
  'file_name',
  'file_mime',
  'file_size',
  'submitted_at',
  'updated_at',
] as const;

export async function submissionsOf(ctx: AppContext, roundIds: readonly string[]): Promise<Submission[]> {
  if (roundIds.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('programme_submissions')
    .select(SUBMISSION_COLUMNS)
    .where('round_id', 'in', [...roundIds])
    .orderBy('submitted_at')
    .orderBy('id')
    .execute();
  return rows.map(toSubmission);
}

export const evidenceUrl = (baseUrl: string, token: string) => `${baseUrl}/programmes/evidence/${token}`;

/** The enrolled participant's enrolment, or a coded refusal (applicants are not participants yet). */
export function participantOf(found: Access): EnrolmentRow {
  if (found.enrolment?.state !== 'enrolled') throw PlatformErrors.forbidden();
  return found.enrolment;
}

export interface ModuleWork {
  module: Module;
  /** Every round, oldest first; the last is the current one. */
  rounds: Round[];
  submissions: Submission[];
  /** The round with the badge in force (the latest passed round with a credential). */
  held: Round | null;
  /** Whether renewal may be asked for now. */
  renewable: boolean;
  /** The current round (the last), if any. */
  current: Round | null;
  /** Whether the current round's evidence can still change (no assessor has judged it). */
  editable: boolean;
}

/** The work of one enrolment, module by module. */
export async function workOf(ctx: AppContext, enrolmentId: string, programmeId: string, now = new Date()): Promise<ModuleWork[]> {
  const modules = await modulesOf(ctx, programmeId);
  const rounds = (
    await ctx.db.selectFrom('programme_rounds').selectAll().where('enrolment_id', '=', enrolmentId).orderBy('number').execute()
  ).map(toRound);
  const submissions = await submissionsOf(
    ctx,
    rounds.map((r) => r.id),
  );
  const reviewed = new Set(
    rounds.length
      ? (
          await ctx.db
            .selectFrom('programme_reviews')
            .select('round_id')
            .where(
              'round_id',
              'in',
              rounds.map((r) => r.id),
            )
            .execute()
        ).map((r) => r.round_id)
      : [],
  );
  return modules.map((module) => {
    const mine = rounds.filter((r) => r.moduleId === module.id);
    const held = [...mine].reverse().find((r) => r.state === 'passed' && r.credentialId !== null) ?? null;
    const last = mine[mine.length - 1];
    const busy = last && ['open', 'submitted', 'moderation'].includes(last.state);
    const renewable = Boolean(held?.validUntil && !busy && renewalOpens(held.validUntil) <= now);
    // Evidence can be handed in on a new module, a round not yet judged, or after a decision that did not pass.
    const editable =
      !last ||
      last.state === 'not_passed' ||
      (last.mode === 'assessment' && ['open', 'submitted'].includes(last.state) && !reviewed.has(last.id));
    return {
      module,
      rounds: mine,
      submissions: submissions.filter((s) => mine.some((r) => r.id === s.roundId)),
      held,
      renewable,
      current: last ?? null,
      editable,
    };
  });
}

export const renewalOpens = (validUntil: Date) => new Date(validUntil.getTime() - RENEWAL_DAYS * 86_400_000);

/** The signed-in participant's work on a programme. */
export async function myWork(
  ctx: AppContext,
  user: CurrentUser | null,
  programmeId: string,
): Promise<{ access: Access; work: ModuleWork[] }> {
  if (!user) throw PlatformErrors.unauthorized();
  const found = await access(ctx, user, programmeId);
  const enrolment = participantOf(found);
  return { access: found, work: await workOf(ctx, enrolment.id, found.programme.id) };
}

export interface SubmissionInput {
  text?: string;
  link?: string;
  file?: { name: string; mime?: string; data: Buffer } | null;
  /** Keep the file submitted before when no new one comes (default true). */
  keepFile?: boolean;
}

function checkSubmission(assignment: Assignment, input: SubmissionInput, previous?: SubmissionRow) {
  const errors: AppError[] = [];
  const text = typeof input.text === 'string' ? input.text.trim() : '';
  const link = typeof input.link === 'string' ? input.link.trim() : '';
  const allowed = new Set(assignment.evidence);
  if (text && !allowed.has('text')) errors.push(E.evidenceNotAllowed('text', { kind: 'text' }));
  if (text.length > MAX_TEXT) errors.push(PlatformErrors.tooLong('text', { max: MAX_TEXT }));
  if (link) {
    if (!allowed.has('link')) errors.push(E.evidenceNotAllowed('link', { kind: 'link' }));
    else if (link.length > 2000) errors.push(PlatformErrors.tooLong('link', { max: 2000 }));
    else {
      let ok = false;
      try {
        const url = new URL(link);
        ok = (url.protocol === 'https:' || url.protocol === 'http:') && !/\s/.test(link);
      } catch {
        ok = false;
      }
      if (!ok) errors.push(PlatformErrors.notUrl('link'));
    }
  }
  const file = input.file && input.file.data.length > 0 ? input.file : null;
  if (file) {
    if (!allowed.has('file')) errors.push(E.evidenceNotAllowed('file', { kind: 'file' }));
    else if (file.data.length > MAX_FILE) errors.push(E.fileTooLarge('file', { max: '10 MB' }));
    else if (!file.name.trim() || file.name.length > 200) errors.push(PlatformErrors.tooLong('file', { max: 200 }));
  }
  const keptFile = !file && input.keepFile !== false && previous?.file_name ? previous : null;
  if (!text && !link && !file && !keptFile && errors.length === 0) errors.push(E.evidenceEmpty(assignment.evidence[0] ?? 'text'));
  if (errors.length) throw invalidFields(errors);
  const mime = file?.mime && /^[\w.+-]+\/[\w.+-]+$/.test(file.mime) ? file.mime : 'application/octet-stream';
  return {
    text,
    link: link || null,
    file: file
      ? { name: file.name.trim().replace(/[\\/\r\n"]/g, '_'), mime, size: file.data.length, data: file.data }
      : keptFile
        ? null
        : undefined,
    keep: Boolean(keptFile),
  };
}

const newToken = () => randomBytes(24).toString('base64url');

/**
 * Hands in (or replaces) the evidence for an assignment. The first submission on a module opens
 * its first round; after a decision that did not pass, a new round. When every assignment of the
 * module has evidence, the round goes to the assessors; until the first of them has judged it,
 * evidence can still be replaced.
 */
export async function submit(
  ctx: AppContext,
  user: CurrentUser | null,
  assignmentId: string,
  input: SubmissionInput,
  programmeId?: string,
): Promise<{ submission: Submission; round: Round }> {
  if (!user) throw PlatformErrors.unauthorized();
  const assignmentRow = isUuid(assignmentId)
    ? await ctx.db
        .selectFrom('programme_assignments')
        .innerJoin('programme_modules', 'programme_modules.id', 'programme_assignments.module_id')
        .select(['programme_assignments.id', 'programme_assignments.module_id', 'programme_modules.programme_id'])
        .where('programme_assignments.id', '=', assignmentId)
        .executeTakeFirst()
    : undefined;
  if (!assignmentRow || (programmeId !== undefined && assignmentRow.programme_id !== programmeId))
    throw E.assignmentNotFound('assignmentId');
  const found = await access(ctx, user, assignmentRow.programme_id).catch(() => null);
  if (!found) throw E.assignmentNotFound('assignmentId');
  const enrolment = participantOf(found);
  const module = (await modulesOf(ctx, found.programme.id)).find((m) => m.id === assignmentRow.module_id);
  const assignment = module?.assignments.find((a) => a.id === assignmentRow.id);
  if (!module || !assignment) throw E.assignmentNotFound('assignmentId');

  const result = await ctx.db.transaction().execute(async (trx) => {
    // One writer per enrolment and module at a time: the enrolment row is the lock.
    await trx.selectFrom('programme_enrolments').select('id').where('id', '=', enrolment.id).forUpdate().executeTakeFirstOrThrow();
    const last = await trx
      .selectFrom('programme_rounds')
      .selectAll()
      .where('enrolment_id', '=', enrolment.id)
      .where('module_id', '=', module.id)
      .orderBy('number', 'desc')
      .executeTakeFirst();
    let round = last;
    if (!round || round.state === 'not_passed') {
      round = await trx
        .insertInto('programme_rounds')
        .values({
          enrolment_id: enrolment.id,
          module_id: module.id,
          number: (last?.number ?? 0) + 1,
          purpose: last ? 'retry' : 'first',
          mode: 'assessment',
          state: 'open',
          evidence_token: newToken(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    } else if (round.mode !== 'assessment' || !['open', 'submitted'].includes(round.state)) throw E.roundClosed('assignmentId');
    const reviewed = await trx.selectFrom('programme_reviews').select('id').where('round_id', '=', round.id).executeTakeFirst();
    if (reviewed) throw E.roundClosed('assignmentId');
    const previous = await trx
      .selectFrom('programme_submissions')
      .selectAll()
      .where('round_id', '=', round.id)
      .where('assignment_id', '=', assignment.id)
      .executeTakeFirst();
    const checked = checkSubmission(assignment, input, previous);
    const fileColumns =
      checked.file === undefined
        ? { file_name: null, file_mime: null, file_size: null, file_data: null }
        : checked.file === null
          ? {}
          : { file_name: checked.file.name, file_mime: checked.file.mime, file_size: checked.file.size, file_data: checked.file.data };
    const saved = previous
      ? await trx
          .updateTable('programme_submissions')
          .set({ text: checked.text, link: checked.link, ...fileColumns, updated_at: new Date() })
          .where('id', '=', previous.id)
          .returning(SUBMISSION_COLUMNS)
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('programme_submissions')
          .values({ round_id: round.id, assignment_id: assignment.id, text: checked.text, link: checked.link, ...fileColumns })
          .returning(SUBMISSION_COLUMNS)
          .executeTakeFirstOrThrow();
    const handedIn = await trx
      .selectFrom('programme_submissions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('round_id', '=', round.id)
      .executeTakeFirstOrThrow();
    if (round.state === 'open' && Number(handedIn.n) >= module.assignments.length)
      round = await trx
        .updateTable('programme_rounds')
        .set({ state: 'submitted' })
        .where('id', '=', round.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    return { submission: toSubmission(saved), round: toRound(round) };
  });
  return result;
}

export interface RoundAccess {
  access: Access;
  round: Round;
  module: Module;
  enrolment: EnrolmentRow;
  /** The participant themselves. */
  own: boolean;
  /** An assessor of the participant's cohort. */
  assessor: boolean;
}

/**
 * A round for the people who may see it: the participant, the assessors of their cohort, the
 * programme's managers. Anyone else: "not found" (they do not learn that it exists).
 */
export async function roundAccess(ctx: AppContext, user: CurrentUser | null, roundId: string): Promise<RoundAccess> {
  if (!user) throw PlatformErrors.unauthorized();
  const row = isUuid(roundId)
    ? await ctx.db.selectFrom('programme_rounds').selectAll().where('id', '=', roundId).executeTakeFirst()
    : undefined;
  if (!row) throw E.roundNotFound('id');
  const enrolment = await ctx.db
    .selectFrom('programme_enrolments')
    .selectAll()
    .where('id', '=', row.enrolment_id)
    .executeTakeFirstOrThrow();
  const found = await access(ctx, user, enrolment.programme_id).catch(() => null);
  if (!found) throw E.roundNotFound('id');
  const own = enrolment.user_id === user.id;
  const assessor = found.assessorOf.includes(enrolment.cohort_id);
  if (!own && !assessor && !found.manager) throw E.roundNotFound('id');
  const module = (await modulesOf(ctx, found.programme.id)).find((m) => m.id === row.module_id);
  if (!module) throw E.roundNotFound('id');
  return { access: found, round: toRound(row), module, enrolment, own, assessor };
}

/** A submission with its round, for the people who may see the round. */
export async function getSubmission(
  ctx: AppContext,
  user: CurrentUser | null,
  id: string,
): Promise<{ submission: Submission; round: RoundAccess }> {
  if (!user) throw PlatformErrors.unauthorized();
  const row = isUuid(id)
    ? await ctx.db.selectFrom('programme_submissions').select(SUBMISSION_COLUMNS).where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!row) throw E.submissionNotFound('id');
  const round = await roundAccess(ctx, user, row.round_id).catch((error) => {
    if ((error as AppError).status === 404) throw E.submissionNotFound('id');
    throw error;
  });
  return { submission: toSubmission(row), round };
}

/** A submitted file's bytes (after the caller checked who may see it). */
export async function fileOf(ctx: AppContext, submissionId: string): Promise<{ name: string; mime: string; data: Buffer } | null> {
  const row = await ctx.db
    .selectFrom('programme_submissions')
    .select(['file_name', 'file_mime', 'file_data'])
    .where('id', '=', submissionId)
    .executeTakeFirst();
  if (!row?.file_name || !row.file_data) return null;
  return { name: row.file_name, mime: row.file_mime ?? 'application/octet-stream', data: Buffer.from(row.file_data) };
}

/**
 * Asks to renew a module's badge, from RENEWAL_DAYS before it expires: by the module's way of
 * renewal, a new assessment (a round of evidence, judged as before) or a claim (what the person
 * did since, with a link), which an assessor approves at the levels held.
 */
export async function requestRenewal(
  ctx: AppContext,
  user: CurrentUser | null,
  moduleId: string,
  input: { claimText?: string; claimLink?: string },
  options: { now?: Date; programmeId?: string } = {},
): Promise<Round> {
  const now = options.now ?? new Date();
  if (!user) throw PlatformErrors.unauthorized();
  const row = isUuid(moduleId)
    ? await ctx.db.selectFrom('programme_modules').select('programme_id').where('id', '=', moduleId).executeTakeFirst()
    : undefined;
  if (!row || (options.programmeId !== undefined && row.programme_id !== options.programmeId)) throw E.moduleNotFound('moduleId');
  const found = await access(ctx, user, row.programme_id).catch(() => null);
  if (!found) throw E.moduleNotFound('moduleId');
  const enrolment = participantOf(found);
  const work = (await workOf(ctx, enrolment.id, found.programme.id, now)).find((w) => w.module.id === moduleId);
  if (!work) throw E.moduleNotFound('moduleId');
  const { module, held } = work;
  if (!held?.validUntil) throw E.nothingToRenew('moduleId');
  const last = work.rounds[work.rounds.length - 1];
  if (last && ['open', 'submitted', 'moderation'].includes(last.state)) throw E.roundOpen('moduleId');
  const opens = renewalOpens(held.validUntil);
  if (opens > now) throw E.renewalNotDue('moduleId', { date: opens.toISOString().slice(0, 10), days: RENEWAL_DAYS });
  let claimText = '';
  let claimLink: string | null = null;
  if (module.renewal === 'claim') {
    const errors: AppError[] = [];
    claimText = typeof input.claimText === 'string' ? input.claimText.trim() : '';
    const link = typeof input.claimLink === 'string' ? input.claimLink.trim() : '';
    if (!claimText) errors.push(PlatformErrors.required('claimText'));
    else if (claimText.length > MAX_TEXT) errors.push(PlatformErrors.tooLong('claimText', { max: MAX_TEXT }));
    if (link) {
      let ok = false;
      try {
        ok = ['http:', 'https:'].includes(new URL(link).protocol) && !/\s/.test(link) && link.length <= 2000;
      } catch {
        ok = false;
      }
      if (!ok) errors.push(PlatformErrors.notUrl('claimLink'));
      else claimLink = link;
    }
    if (errors.length) throw invalidFields(errors);
  }
  const created = await ctx.db
    .insertInto('programme_rounds')
    .values({
      enrolment_id: enrolment.id,
      module_id: module.id,
      number: (last?.number ?? 0) + 1,
      purpose: 'renewal',
      mode: module.renewal,
      state: module.renewal === 'claim' ? 'submitted' : 'open',
      claim_text: claimText,
      claim_link: claimLink,
      renews_round_id: held.id,
      evidence_token: newToken(),
    })
    .returningAll()
    .executeTakeFirst()
    .catch((error) => {
      if (/duplicate key|unique/i.test(String((error as Error).message))) throw E.roundOpen('moduleId');
      throw error;
    });
  if (!created) throw E.roundOpen('moduleId');
  return toRound(created);
}

/** What the public evidence page shows: the round's evidence, once a credential points to it. */
export async function evidenceByToken(ctx: AppContext, token: string) {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const row = await ctx.db.selectFrom('programme_rounds').selectAll().where('evidence_token', '=', token).executeTakeFirst();
  if (!row?.credential_id) return null;
  const module = await ctx.db.selectFrom('programme_modules').selectAll().where('id', '=', row.module_id).executeTakeFirst();
  const programme = module
    ? await ctx.db.selectFrom('programmes').selectAll().where('id', '=', module.programme_id).executeTakeFirst()
    : undefined;
  if (!module || !programme) return null;
  const assignments = await ctx.db
    .selectFrom('programme_assignments')
    .selectAll()
    .where('module_id', '=', module.id)
    .orderBy('position')
    .execute();
  const renewed = row.renews_round_id
    ? await ctx.db.selectFrom('programme_rounds').selectAll().where('id', '=', row.renews_round_id).executeTakeFirst()
    : undefined;
  return {
    round: toRound(row),
    module: { id: module.id, name: module.name, rubric: module.rubric },
    programme: { id: programme.id, name: programme.name, status: programme.status },
    assignments: assignments.map((a) => ({ id: a.id, title: a.title, instructions: a.instructions })),
    submissions: await submissionsOf(ctx, [row.id]),
    renewed: renewed?.credential_id ? toRound(renewed) : null,
  };
}
