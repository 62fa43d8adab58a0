import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { type CurrentUser, findOrganisation, type OrganisationRow, type OrgRole, requireOrgRole } from '../accounts/api.ts';
import {
  achievementIdOf,
  credentialSummary,
  issuerIdOf,
  networkAchievements,
  revokeOrganisationCredential,
  signOrganisationCredential,
} from '../credentials/api.ts';
import type { AppContext } from '../platform/context.ts';
import { invalidFields, PlatformErrors } from '../platform/errors.ts';
import type { Subject } from '../platform/module.ts';
import { E } from './errors.ts';
import type { EndorsementState, EndorsementsTable, SubjectKind } from './schema.ts';

/** Who may endorse in an organisation's name and revoke its endorsements (the operator may for every organisation). */
export const ENDORSER_ROLES: readonly OrgRole[] = ['owner', 'admin', 'issuer'];
export const SUBJECT_KINDS: readonly SubjectKind[] = ['achievement', 'issuer', 'credential'];
export const MAX_COMMENT = 2000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (value: string) => UUID.test(value);

type Row = Selectable<EndorsementsTable>;

export interface Endorsement {
  id: string;
  /** Its public page, which is also the credential's id. */
  url: string;
  organisationId: string;
  organisationSlug: string;
  organisationName: string;
  subjectKind: SubjectKind;
  subjectId: string;
  subjectUri: string;
  subjectName: string;
  comment: string;
  state: EndorsementState;
  revokedReason: string | null;
  revokedAt: Date | null;
  createdAt: Date;
  /** The signed OB 3.0 EndorsementCredential. */
  document: Record<string, unknown>;
}

export const endorsementUrl = (baseUrl: string, id: string) => `${baseUrl}/endorsements/${id}`;

async function toEndorsements(ctx: AppContext, rows: Row[]): Promise<Endorsement[]> {
  const organisations = new Map<string, OrganisationRow | null>();
  for (const r of rows)
    if (!organisations.has(r.organisation_id)) organisations.set(r.organisation_id, await findOrganisation(ctx.db, r.organisation_id));
  return rows.flatMap((r) => {
    const organisation = organisations.get(r.organisation_id);
    if (!organisation) return [];
    return [
      {
        id: r.id,
        url: endorsementUrl(ctx.config.baseUrl, r.id),
        organisationId: r.organisation_id,
        organisationSlug: organisation.slug,
        organisationName: organisation.name,
        subjectKind: r.subject_kind,
        subjectId: r.subject_id,
        subjectUri: r.subject_uri,
        subjectName: r.subject_name,
        comment: r.comment,
        state: r.state,
        revokedReason: r.revoked_reason,
        revokedAt: r.revoked_at as Date | null,
        createdAt: r.created_at as Date,
        document: r.document,
      },
    ];
  });
}

/** The thing endorsed: its id, what `credentialSubject.id` says, its name and the organisation it belongs to. */
export interface ResolvedSubject {
  kind: SubjectKind;
  id: string;
  uri: string;
  name: string;
  ownerId: string;
}

/**
 * Finds what to endorse: an achievement of this network (its id or OB 3.0 id), an issuer (its slug
 * or id) or one credential (its id or public URL).
 */
export async function resolveSubject(ctx: AppContext, kind: string, ref: string): Promise<ResolvedSubject> {
  const value = (ref ?? '').trim();
  if (!(SUBJECT_KINDS as readonly string[]).includes(kind)) throw E.subjectType('subjectType');
  if (!value) throw PlatformErrors.required('subjectId');
  if (kind === 'achievement') {
    const id = isUuid(value) ? value : achievementIdOf(ctx.config.baseUrl, value);
    const [achievement] = id ? await networkAchievements(ctx, { ids: [id] }) : [];
    if (!achievement) throw E.subjectNotFound('subjectId');
    return { kind, id: achievement.id, uri: achievement.uri, name: achievement.name, ownerId: achievement.organisationId };
  }
  if (kind === 'issuer') {
    const organisation = await findOrganisation(ctx.db, value);
    if (!organisation) throw E.subjectNotFound('subjectId');
    return {
      kind,
      id: organisation.id,
      uri: issuerIdOf(ctx.config.baseUrl, organisation.slug),
      name: organisation.name,
      ownerId: organisation.id,
    };
  }
  const credential = await credentialSummary(ctx, value);
  if (!credential) throw E.subjectNotFound('subjectId');
  return { kind: 'credential', id: credential.id, uri: credential.url, name: credential.name, ownerId: credential.organisationId };
}

export interface EndorseInput {
  subjectType?: string;
  subjectId?: string;
  comment?: string;
}

/**
 * The organisation endorses an achievement, an issuer or one credential of another organisation,
 * with a comment: an OB 3.0 EndorsementCredential signed with its key, revocable through its
 * status list. One endorsement in force per organisation and subject.
 */
export async function endorse(ctx: AppContext, user: CurrentUser | null, orgSlug: string, input: EndorseInput): Promise<Endorsement> {
  const { organisation } = await requireOrgRole(ctx, user, orgSlug, ENDORSER_ROLES);
  const comment = (input.comment ?? '').trim();
  const errors = [];
  if (!comment) errors.push(PlatformErrors.required('comment'));
  else if (comment.length > MAX_COMMENT) errors.push(PlatformErrors.tooLong('comment', { max: MAX_COMMENT }));
  let subject: ResolvedSubject | null = null;
  try {
    subject = await resolveSubject(ctx, input.subjectType ?? '', input.subjectId ?? '');
    if (subject.ownerId === organisation.id) errors.push(E.ownSubject('subjectId'));
  } catch (error) {
    errors.push(error as never);
  }
  if (errors.length || !subject) throw invalidFields(errors);
  const taken = await ctx.db
    .selectFrom('endorsements')
    .select('id')
    .where('organisation_id', '=', organisation.id)
    .where('subject_kind', '=', subject.kind)
    .where('subject_id', '=', subject.id)
    .where('state', '=', 'active')
    .executeTakeFirst();
  if (taken) throw E.alreadyEndorsed('subjectId', { name: subject.name });
  const id = randomUUID();
  const url = endorsementUrl(ctx.config.baseUrl, id);
  const { document, statusIndex } = await signOrganisationCredential(ctx, organisation.id, {
    id: url,
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: `${organisation.name} endorses ${subject.name}`,
    credentialSubject: { id: subject.uri, type: ['EndorsementSubject'], endorsementComment: comment },
  });
  try {
    const [row] = await ctx.db
      .insertInto('endorsements')
      .values({
        id,
        organisation_id: organisation.id,
        subject_kind: subject.kind,
        subject_id: subject.id,
        subject_uri: subject.uri,
        subject_name: subject.name,
        comment,
        document: JSON.stringify(document) as never,
        status_index: statusIndex,
        state: 'active',
        created_by: user?.id ?? null,
      })
      .returningAll()
      .execute();
    return (await toEndorsements(ctx, [row]))[0];
  } catch (error) {
    // Endorsed at the same moment by someone else of the organisation: theirs stands.
    if (/endorsements_active_key|duplicate key|unique/i.test(String((error as Error).message)))
      throw E.alreadyEndorsed('subjectId', { name: subject.name });
    throw error;
  }
}

/** One endorsement, for its public page and the API (revoked ones too). */
export async function getEndorsement(ctx: AppContext, id: string): Promise<Endorsement> {
  const row = isUuid(id) ? await ctx.db.selectFrom('endorsements').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  const [endorsement] = row ? await toEndorsements(ctx, [row]) : [];
  if (!endorsement) throw E.endorsementNotFound('id');
  return endorsement;
}

/**
 * Revokes an endorsement (final): its bit in the endorser's revocation list is set and the list
 * signed anew, then the record says so. Run again after a stop in between, it finishes the record.
 */
export async function revokeEndorsement(ctx: AppContext, user: CurrentUser | null, id: string, reason: string): Promise<Endorsement> {
  if (!user) throw PlatformErrors.unauthorized();
  const endorsement = await getEndorsement(ctx, id);
  await requireOrgRole(ctx, user, endorsement.organisationSlug, ENDORSER_ROLES);
  const why = (reason ?? '').trim();
  if (!why) throw PlatformErrors.required('reason');
  if (why.length > 1000) throw PlatformErrors.tooLong('reason', { max: 1000 });
  if (endorsement.state === 'revoked') throw E.alreadyRevoked('id');
  const row = await ctx.db.selectFrom('endorsements').select('status_index').where('id', '=', endorsement.id).executeTakeFirstOrThrow();
  await revokeOrganisationCredential(ctx, endorsement.organisationId, row.status_index);
  await ctx.db
    .updateTable('endorsements')
    .set({ state: 'revoked', revoked_reason: why, revoked_at: new Date() })
    .where('id', '=', endorsement.id)
    .where('state', '=', 'active')
    .execute();
  return getEndorsement(ctx, endorsement.id);
}

/** Endorsements of subjects (active and revoked, newest first): for the pages that show them. */
export async function endorsementsFor(ctx: AppContext, subjects: readonly Subject[]): Promise<Endorsement[]> {
  const wanted = subjects.filter((s) => isUuid(s.id));
  if (wanted.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('endorsements')
    .selectAll()
    .where((eb) => eb.or(wanted.map((s) => eb.and([eb('subject_kind', '=', s.kind), eb('subject_id', '=', s.id)]))))
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return toEndorsements(ctx, rows);
}

/** The endorsements an organisation gave, or those of a subject by its OB 3.0 id, for the API. */
export async function listEndorsements(ctx: AppContext, filter: { organisation?: string; subject?: string }): Promise<Endorsement[]> {
  let query = ctx.db.selectFrom('endorsements').selectAll();
  if (filter.organisation) {
    const organisation = await findOrganisation(ctx.db, filter.organisation);
    if (!organisation) return [];
    query = query.where('organisation_id', '=', organisation.id);
  }
  if (filter.subject) query = query.where('subject_uri', '=', filter.subject);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id').limit(500).execute();
  return toEndorsements(ctx, rows);
}

/** The signed endorsements in force of a subject: carried in an achievement's `endorsement` when issued. */
export async function activeDocuments(ctx: AppContext, subject: Subject): Promise<Record<string, unknown>[]> {
  if (!isUuid(subject.id)) return [];
  const rows = await ctx.db
    .selectFrom('endorsements')
    .select('document')
    .where('subject_kind', '=', subject.kind)
    .where('subject_id', '=', subject.id)
    .where('state', '=', 'active')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.document);
}
