/**
 * Accreditation: the network operator accredits a programme or an issuer, in the name of an
 * organisation of the network (its key signs). It is an OB 3.0 EndorsementCredential given through
 * the endorsements module — of the programme's certificate (an achievement) or of the issuer — so
 * it verifies like any credential, shows where the endorsed thing is shown, and is carried in the
 * certificates issued after it. Revoking it revokes the endorsement.
 */
import { type CurrentUser, findOrganisation } from '../accounts/api.ts';
import { type Endorsement, endorse, getEndorsement, revokeEndorsement } from '../endorsements/api.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError, PlatformErrors } from '../platform/errors.ts';
import { access, isUuid, type Programme } from './access.ts';
import { E } from './errors.ts';

export interface Accreditation {
  id: string;
  kind: 'programme' | 'issuer';
  programmeId: string | null;
  organisationId: string;
  accreditorId: string;
  endorsement: Endorsement;
  createdAt: Date;
}

export interface AccreditInput {
  kind?: string;
  /** The programme's id (kind programme). */
  programme?: string;
  /** The issuer's slug or id (kind issuer). */
  issuer?: string;
  /** The accrediting organisation's slug. */
  accreditor?: string;
  comment?: string;
}

function operator(user: CurrentUser | null): CurrentUser {
  if (!user) throw PlatformErrors.unauthorized();
  if (!user.isOperator) throw E.operatorOnly();
  return user;
}

/** The endorsements module names its subject `subjectId`; here it is the programme or the issuer. */
function renamed(error: unknown, field: string): unknown {
  if (!(error instanceof AppError) || !error.errors.some((e) => e.field === 'subjectId')) return error;
  const errors = error.errors.map((e) => (e.field === 'subjectId' ? { ...e, field } : e));
  return new AppError(error.status, error.code, { field: errors[0]?.field, params: error.params, errors, extra: error.extra });
}

export async function accredit(ctx: AppContext, user: CurrentUser | null, input: AccreditInput): Promise<Accreditation> {
  try {
    return await accreditAs(ctx, user, input);
  } catch (error) {
    throw renamed(error, input.kind === 'issuer' ? 'issuer' : 'programme');
  }
}

async function accreditAs(ctx: AppContext, user: CurrentUser | null, input: AccreditInput): Promise<Accreditation> {
  const me = operator(user);
  const kind = input.kind ?? '';
  if (kind !== 'programme' && kind !== 'issuer') throw E.accreditationKind('kind');
  const accreditorSlug = (input.accreditor ?? '').trim();
  if (!accreditorSlug) throw PlatformErrors.required('accreditor');
  const accreditor = await findOrganisation(ctx.db, accreditorSlug);
  if (!accreditor) throw PlatformErrors.notFound('accreditor');
  let programme: Programme | null = null;
  let organisationId: string;
  let endorsement: Endorsement;
  if (kind === 'programme') {
    if (!input.programme) throw PlatformErrors.required('programme');
    programme = (
      await access(ctx, me, input.programme).catch(() => {
        throw E.programmeNotFound('programme');
      })
    ).programme;
    organisationId = programme.organisationId;
    endorsement = await endorse(ctx, me, accreditor.slug, {
      subjectType: 'achievement',
      subjectId: programme.certificateAchievementId,
      comment: input.comment,
    });
  } else {
    const issuer = input.issuer ? await findOrganisation(ctx.db, input.issuer.trim()) : null;
    if (!input.issuer) throw PlatformErrors.required('issuer');
    if (!issuer) throw PlatformErrors.notFound('issuer');
    organisationId = issuer.id;
    endorsement = await endorse(ctx, me, accreditor.slug, { subjectType: 'issuer', subjectId: issuer.slug, comment: input.comment });
  }
  const row = await ctx.db
    .insertInto('programme_accreditations')
    .values({
      subject_kind: kind,
      programme_id: programme?.id ?? null,
      organisation_id: organisationId,
      accreditor_id: accreditor.id,
      endorsement_id: endorsement.id,
      created_by: me.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    kind,
    programmeId: row.programme_id,
    organisationId,
    accreditorId: accreditor.id,
    endorsement,
    createdAt: row.created_at as Date,
  };
}

async function withEndorsements(
  ctx: AppContext,
  rows: {
    id: string;
    subject_kind: 'programme' | 'issuer';
    programme_id: string | null;
    organisation_id: string;
    accreditor_id: string;
    endorsement_id: string;
    created_at: Date | string;
  }[],
) {
  const out: Accreditation[] = [];
  for (const r of rows) {
    const endorsement = await getEndorsement(ctx, r.endorsement_id).catch(() => null);
    if (!endorsement) continue;
    out.push({
      id: r.id,
      kind: r.subject_kind,
      programmeId: r.programme_id,
      organisationId: r.organisation_id,
      accreditorId: r.accreditor_id,
      endorsement,
      createdAt: r.created_at as Date,
    });
  }
  return out;
}

/** The accreditations of a programme and of its issuer, newest first (revoked ones too). */
export async function accreditationsOf(ctx: AppContext, programme: Programme): Promise<Accreditation[]> {
  const rows = await ctx.db
    .selectFrom('programme_accreditations')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('programme_id', '=', programme.id),
        eb.and([eb('subject_kind', '=', 'issuer'), eb('organisation_id', '=', programme.organisationId)]),
      ]),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return withEndorsements(ctx, rows);
}

/** Every accreditation of the network (the API). */
export async function listAccreditations(ctx: AppContext): Promise<Accreditation[]> {
  const rows = await ctx.db
    .selectFrom('programme_accreditations')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(500)
    .execute();
  return withEndorsements(ctx, rows);
}

export async function revokeAccreditation(ctx: AppContext, user: CurrentUser | null, id: string, reason: string): Promise<Accreditation> {
  const me = operator(user);
  const row = isUuid(id)
    ? await ctx.db.selectFrom('programme_accreditations').selectAll().where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!row) throw E.accreditationNotFound('id');
  await revokeEndorsement(ctx, me, row.endorsement_id, reason);
  const [out] = await withEndorsements(ctx, [row]);
  if (!out) throw E.accreditationNotFound('id');
  return out;
}
