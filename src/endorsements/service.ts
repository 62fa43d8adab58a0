import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import {
  confirmedAddresses,
  type CurrentUser,
  findOrganisation,
  membershipOrganisationIds,
  type OrganisationRow,
  type OrgRole,
  requireOrgRole,
} from '../accounts/api.ts';
import {
  achievementIdOf,
  credentialSummary,
  issuerIdOf,
  networkAchievements,
  receivedStates,
  revokeOrganisationCredential,
  revokePersonCredential,
  signOrganisationCredential,
  signPersonCredential,
} from '../credentials/api.ts';
import type { AppContext } from '../platform/context.ts';
import { type AppError, invalidFields, PlatformErrors } from '../platform/errors.ts';
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

export type EndorserKind = 'organisation' | 'person';

export interface Endorsement {
  id: string;
  /** Its public page, which is also the credential's id. */
  url: string;
  /** An organisation (signed with its did:web key) or a person (signed with their own did:key). */
  endorserKind: EndorserKind;
  /** The organisation's name, or the person's as signed. */
  endorserName: string;
  /** Null for a person's endorsement. */
  organisationId: string | null;
  organisationSlug: string | null;
  organisationName: string | null;
  /** The person who endorsed as themselves; null for an organisation's. */
  personId: string | null;
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
    if (r.organisation_id && !organisations.has(r.organisation_id))
      organisations.set(r.organisation_id, await findOrganisation(ctx.db, r.organisation_id));
  return rows.flatMap((r) => {
    const organisation = r.organisation_id ? organisations.get(r.organisation_id) : null;
    if (r.organisation_id && !organisation) return [];
    return [
      {
        id: r.id,
        url: endorsementUrl(ctx.config.baseUrl, r.id),
        endorserKind: organisation ? ('organisation' as const) : ('person' as const),
        endorserName: organisation?.name ?? r.endorser_name ?? '',
        organisationId: r.organisation_id,
        organisationSlug: organisation?.slug ?? null,
        organisationName: organisation?.name ?? null,
        personId: r.person_id,
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

/** The comment, trimmed, and what is wrong with it (required, at most MAX_COMMENT characters). */
function checkComment(input: EndorseInput): { comment: string; errors: AppError[] } {
  const comment = (input.comment ?? '').trim();
  const errors: AppError[] = [];
  if (!comment) errors.push(PlatformErrors.required('comment'));
  else if (comment.length > MAX_COMMENT) errors.push(PlatformErrors.tooLong('comment', { max: MAX_COMMENT }));
  return { comment, errors };
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
  const { comment, errors } = checkComment(input);
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
export async function revokeEndorsement(
  ctx: AppContext,
  user: CurrentUser | null,
  id: string,
  reason: string,
  /** Only an endorsement by this kind of endorser (the routes of each kind); another is not found. */
  kind?: EndorserKind,
): Promise<Endorsement> {
  if (!user) throw PlatformErrors.unauthorized();
  const endorsement = await getEndorsement(ctx, id);
  if (kind && endorsement.endorserKind !== kind) throw E.endorsementNotFound('id');
  // A person's endorsement is theirs alone to revoke (their key signs the list); an organisation's its endorsers'.
  if (endorsement.personId) {
    if (endorsement.personId !== user.id) throw E.notYourEndorsement('id');
  } else await requireOrgRole(ctx, user, endorsement.organisationSlug ?? '', ENDORSER_ROLES);
  const why = (reason ?? '').trim();
  if (!why) throw PlatformErrors.required('reason');
  if (why.length > 1000) throw PlatformErrors.tooLong('reason', { max: 1000 });
  if (endorsement.state === 'revoked') throw E.alreadyRevoked('id');
  const row = await ctx.db.selectFrom('endorsements').select('status_index').where('id', '=', endorsement.id).executeTakeFirstOrThrow();
  if (endorsement.personId) await revokePersonCredential(ctx, endorsement.personId, row.status_index);
  else await revokeOrganisationCredential(ctx, endorsement.organisationId as string, row.status_index);
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

/** The endorsements an organisation gave, or a person (by account id), or those of a subject by its OB 3.0 id, for the API. */
export async function listEndorsements(
  ctx: AppContext,
  filter: { organisation?: string; subject?: string; person?: string },
): Promise<Endorsement[]> {
  let query = ctx.db.selectFrom('endorsements').selectAll();
  if (filter.person) query = query.where('person_id', '=', filter.person);
  if (filter.organisation) {
    const organisation = await findOrganisation(ctx.db, filter.organisation);
    if (!organisation) return [];
    query = query.where('organisation_id', '=', organisation.id);
  }
  if (filter.subject) query = query.where('subject_uri', '=', filter.subject);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id').limit(500).execute();
  return toEndorsements(ctx, rows);
}

/**
 * The signed endorsements in force of a subject by organisations: carried in an achievement's
 * `endorsement` when issued. A person's endorsement is not carried: the issuer did not choose it,
 * and anyone the network lets endorse would otherwise write into the issuer's credentials; it is
 * shown where the subject is shown and given by the API (docs/decisions/013).
 */
export async function activeDocuments(ctx: AppContext, subject: Subject): Promise<Record<string, unknown>[]> {
  if (!isUuid(subject.id)) return [];
  const rows = await ctx.db
    .selectFrom('endorsements')
    .select('document')
    .where('organisation_id', 'is not', null)
    .where('subject_kind', '=', subject.kind)
    .where('subject_id', '=', subject.id)
    .where('state', '=', 'active')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.document);
}

/** Whether the network lets people endorse as themselves (the operator's setting, off by default). */
export async function peopleMayEndorse(ctx: AppContext): Promise<boolean> {
  const row = await ctx.db.selectFrom('endorsement_settings').select('people_may_endorse').where('id', '=', 'network').executeTakeFirst();
  return row?.people_may_endorse ?? false;
}

/** The operator turns endorsements by people on or off. Endorsements already given stay as they are. */
export async function setPeopleMayEndorse(ctx: AppContext, user: CurrentUser | null, allowed: boolean): Promise<void> {
  if (!user) throw PlatformErrors.unauthorized();
  if (!user.isOperator) throw PlatformErrors.forbidden();
  await ctx.db
    .insertInto('endorsement_settings')
    .values({ id: 'network', people_may_endorse: allowed, updated_by: user.id, updated_at: new Date() })
    .onConflict((oc) => oc.column('id').doUpdateSet({ people_may_endorse: allowed, updated_by: user.id, updated_at: new Date() }))
    .execute();
}

/**
 * Why this person may not endorse as themselves (a coded 403), or null when they may: signed in,
 * the network allows it, and their address is confirmed (the identity Vaardig verifies).
 */
export async function personalRefusal(ctx: AppContext, user: CurrentUser | null): Promise<AppError | null> {
  if (!user) return PlatformErrors.unauthorized();
  if (!(await peopleMayEndorse(ctx))) return E.peopleMayNotEndorse();
  if (!user.emailConfirmed) return E.addressNotConfirmed();
  return null;
}

/**
 * Whether the subject is the person's own: a credential issued to one of their confirmed
 * addresses, or anything of an organisation they belong to (its badges, its page, its credentials).
 */
async function ownPersonalSubject(ctx: AppContext, user: CurrentUser, subject: ResolvedSubject): Promise<AppError | null> {
  if (subject.kind === 'credential') {
    const held = await receivedStates(ctx, await confirmedAddresses(ctx.db, user.id), [subject.id]);
    if (held.length > 0) return E.ownCredential('subjectId');
  }
  if ((await membershipOrganisationIds(ctx.db, user.id)).includes(subject.ownerId)) {
    const owner = await findOrganisation(ctx.db, subject.ownerId);
    return E.ownOrganisation('subjectId', { name: owner?.name ?? '' });
  }
  return null;
}

/**
 * A person endorses an achievement, an issuer or one credential as themselves, where the network
 * allows it: an OB 3.0 EndorsementCredential whose issuer is a Profile with their did:key and name,
 * signed with their own key (made on first use by the credentials module) and revocable through
 * their own status list. One in force per person and subject; not their own credential, nor
 * anything of an organisation they belong to.
 */
export async function endorseAsPerson(ctx: AppContext, user: CurrentUser | null, input: EndorseInput): Promise<Endorsement> {
  const refusal = await personalRefusal(ctx, user);
  if (refusal || !user) throw refusal ?? PlatformErrors.unauthorized();
  const { comment, errors } = checkComment(input);
  let subject: ResolvedSubject | null = null;
  try {
    subject = await resolveSubject(ctx, input.subjectType ?? '', input.subjectId ?? '');
    const own = await ownPersonalSubject(ctx, user, subject);
    if (own) errors.push(own);
  } catch (error) {
    errors.push(error as never);
  }
  if (errors.length || !subject) throw invalidFields(errors);
  const taken = await ctx.db
    .selectFrom('endorsements')
    .select('id')
    .where('person_id', '=', user.id)
    .where('subject_kind', '=', subject.kind)
    .where('subject_id', '=', subject.id)
    .where('state', '=', 'active')
    .executeTakeFirst();
  if (taken) throw E.alreadyEndorsedByYou('subjectId', { name: subject.name });
  const id = randomUUID();
  const url = endorsementUrl(ctx.config.baseUrl, id);
  const { document, statusIndex } = await signPersonCredential(
    ctx,
    { userId: user.id, name: user.name },
    {
      id: url,
      type: ['VerifiableCredential', 'EndorsementCredential'],
      name: `${user.name} endorses ${subject.name}`,
      credentialSubject: { id: subject.uri, type: ['EndorsementSubject'], endorsementComment: comment },
    },
  );
  try {
    const [row] = await ctx.db
      .insertInto('endorsements')
      .values({
        id,
        organisation_id: null,
        person_id: user.id,
        endorser_name: user.name,
        subject_kind: subject.kind,
        subject_id: subject.id,
        subject_uri: subject.uri,
        subject_name: subject.name,
        comment,
        document: JSON.stringify(document) as never,
        status_index: statusIndex,
        state: 'active',
        created_by: user.id,
      })
      .returningAll()
      .execute();
    return (await toEndorsements(ctx, [row]))[0];
  } catch (error) {
    // The same person endorsed it at the same moment (two tabs): the first stands; this signature is never used.
    if (/endorsements_person_active_key|duplicate key|unique/i.test(String((error as Error).message)))
      throw E.alreadyEndorsedByYou('subjectId', { name: subject.name });
    throw error;
  }
}
