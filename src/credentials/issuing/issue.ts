import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { findOrganisation, type OrganisationRow, requireOrgRole } from '../../accounts/api.ts';
import { isEmail, normaliseEmail } from '../../accounts/api.ts';
import type { CurrentUser } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { endorsementsOf } from '../../platform/subjects.ts';
import { E } from '../errors.ts';
import type { Locale } from '../../platform/module.ts';
import type { AchievementsTable, CredentialState, IssuedCredentialsTable, ProofFormat } from '../schema.ts';
import {
  achievementRow,
  achievementVersion,
  ISSUER_ROLES,
  isUuid,
  OB_CONTEXT,
  PROOF_FORMATS,
  userRef,
  VC_CONTEXT,
} from './achievements.ts';
import { forgetDocuments } from './document-cache.ts';
import { signDataIntegrity, signVcJwt } from './engine.ts';
import { issuerKeys, issuerProfile } from './issuer.ts';
import { credentialUrlProblem, MAX_URL_LENGTH } from './urls.ts';
import { allocateStatusIndex, credentialStatusEntry, ensureStatusLists, recordState, suspensionOf } from './status.ts';

export const OB_SCHEMA_URL = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

export interface Recipient {
  email?: string;
  did?: string;
  name?: string;
}

export interface IssueInput {
  achievementId: string;
  recipient: Recipient;
  awardedAt?: Date | string;
  validFrom?: Date | string;
  validUntil?: Date | string | null;
  /** Evidence URLs. */
  evidence?: string[];
  /** Result values by result description key or name. */
  results?: Record<string, string>;
  /** The proof: the achievement's format by default, the other one when asked. */
  proofFormat?: ProofFormat | string | null;
  /** Issuing twice with the same key returns the first credential. */
  idempotencyKey?: string;
  claimCodeId?: string;
  bulkIssueId?: string;
  /** Mail the recipient a link (default true when there is an email). */
  notify?: boolean;
  lang?: Locale;
}

export interface IssuedCredential {
  id: string;
  url: string;
  organisationId: string;
  achievementId: string;
  achievementVersion: number;
  name: string;
  recipientEmail: string | null;
  recipientDid: string | null;
  recipientName: string | null;
  proofFormat: string;
  /** The credential: signed (Data Integrity) or as carried in the JWT. */
  document: Record<string, any>;
  jwt: string | null;
  state: CredentialState;
  stateReason: string | null;
  expired: boolean;
  awardedAt: Date;
  validFrom: Date;
  validUntil: Date | null;
  createdAt: Date;
  /** False when an idempotent repeat returned the credential issued before. */
  created?: boolean;
}

type CredentialRow = Selectable<IssuedCredentialsTable>;

export const credentialUrl = (baseUrl: string, id: string) => `${baseUrl}/credentials/${id}`;

/** XML Schema dateTime with Z and no milliseconds, as OB 3.0 examples write them. */
export function isoDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function toDate(value: Date | string | undefined | null, field: string): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const date = value instanceof Date ? value : new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) throw E.notDate(field);
  return date;
}

export function toCredential(ctx: AppContext, row: CredentialRow): IssuedCredential {
  const validUntil = row.valid_until as Date | null;
  return {
    id: row.id,
    url: credentialUrl(ctx.config.baseUrl, row.id),
    organisationId: row.organisation_id,
    achievementId: row.achievement_id,
    achievementVersion: row.achievement_version,
    name: String(row.document.name ?? ''),
    recipientEmail: row.recipient_email,
    recipientDid: row.recipient_did,
    recipientName: row.recipient_name,
    proofFormat: row.proof_format,
    document: row.document,
    jwt: row.jwt,
    state: row.state,
    stateReason: row.state_reason,
    expired: validUntil !== null && validUntil.getTime() < Date.now(),
    awardedAt: row.awarded_at as Date,
    validFrom: row.valid_from as Date,
    validUntil,
    createdAt: row.created_at as unknown as Date,
  };
}

/** Salted sha256 IdentityObject of an email address (OB 3.0 §B.1.3). */
export function emailIdentity(email: string, salt = randomBytes(16).toString('hex')): Record<string, unknown> {
  return {
    type: 'IdentityObject',
    hashed: true,
    identityHash: `sha256$${createHash('sha256')
      .update(normaliseEmail(email) + salt)
      .digest('hex')}`,
    identityType: 'emailAddress',
    salt,
  };
}

function addMonths(date: Date, months: number): Date {
  const out = new Date(date);
  out.setUTCMonth(out.getUTCMonth() + months);
  return out;
}

function validateRecipient(recipient: Recipient): { email: string | null; did: string | null; name: string | null } {
  const email = recipient.email ? normaliseEmail(recipient.email) : null;
  const did = recipient.did?.trim() || null;
  const name = recipient.name?.trim() || null;
  if (!email && !did) throw E.recipientRequired('recipient');
  if (email && !isEmail(email)) throw PlatformErrors.notEmail('email');
  if (did && !/^did:[a-z0-9]+:[A-Za-z0-9._:%#-]+$/.test(did)) throw E.notDid('did');
  if (name && name.length > 200) throw PlatformErrors.tooLong('name', { max: 200 });
  return { email, did, name };
}

/** The proof format of one issue: the one asked for, else the achievement's default. */
export function chooseProofFormat(asked: string | null | undefined, fallback: ProofFormat): ProofFormat {
  if (asked === undefined || asked === null || asked === '') return fallback;
  if (!(PROOF_FORMATS as readonly string[]).includes(asked)) throw E.proofFormat('proofFormat');
  return asked as ProofFormat;
}

/** An issue's input, checked: what the credential says besides the achievement. */
export interface CheckedIssue {
  recipient: { email: string | null; did: string | null; name: string | null };
  proofFormat: ProofFormat;
  awardedAt: Date;
  validFrom: Date;
  validUntil: Date | undefined;
  evidence: string[];
}

/** Checks an issue's input against its achievement (the first problem is thrown, as a coded error). */
export function checkIssueInput(achievement: Selectable<AchievementsTable>, input: IssueInput, now = new Date()): CheckedIssue {
  const recipient = validateRecipient(input.recipient);
  const proofFormat = chooseProofFormat(input.proofFormat, achievement.proof_format);
  const awardedAt = toDate(input.awardedAt, 'awardedAt') ?? now;
  const validFrom = toDate(input.validFrom, 'validFrom') ?? awardedAt;
  const validUntil =
    input.validUntil === null
      ? undefined
      : (toDate(input.validUntil, 'validUntil') ?? (achievement.valid_months ? addMonths(validFrom, achievement.valid_months) : undefined));
  if (validUntil && validUntil <= validFrom) throw E.validUntilBeforeValidFrom('validUntil');
  const evidence = (input.evidence ?? []).map((e) => e.trim()).filter(Boolean);
  for (const url of evidence) {
    const problem = credentialUrlProblem(url);
    if (problem === 'notUrl') throw E.evidenceNotUrl('evidence', { url });
    if (problem === 'characters') throw E.urlCharacters('evidence', { url });
    if (problem === 'tooLong') throw PlatformErrors.tooLong('evidence', { max: MAX_URL_LENGTH });
  }
  return { recipient, proofFormat, awardedAt, validFrom, validUntil, evidence };
}

/** The unsigned OB 3.0 credential of a checked issue. */
export function credentialDocument(parts: {
  baseUrl: string;
  organisation: Pick<OrganisationRow, 'slug'>;
  achievement: Selectable<AchievementsTable>;
  snapshot: Record<string, unknown>;
  issuer: Record<string, unknown>;
  checked: CheckedIssue;
  results: Record<string, unknown>[];
  url: string;
  statusIndex: number;
  /** Endorsements of the achievement (signed EndorsementCredentials), carried in its `endorsement`. */
  endorsements?: Record<string, unknown>[];
}): Record<string, unknown> {
  const { baseUrl, organisation, achievement, snapshot, checked, results, statusIndex } = parts;
  const { recipient, validFrom, validUntil, awardedAt, evidence } = checked;
  const subject: Record<string, unknown> = { type: ['AchievementSubject'] };
  if (recipient.did) subject.id = recipient.did;
  if (recipient.email) subject.identifier = [emailIdentity(recipient.email)];
  subject.achievement = parts.endorsements?.length ? { ...snapshot, endorsement: parts.endorsements } : snapshot;
  if (results.length) subject.result = results;

  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: parts.url,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: parts.issuer,
    name: achievement.name,
    description: achievement.description,
    ...(snapshot.image ? { image: snapshot.image } : {}),
    validFrom: isoDate(validFrom),
    ...(validUntil ? { validUntil: isoDate(validUntil) } : {}),
    awardedDate: isoDate(awardedAt),
    credentialSubject: subject,
    ...(evidence.length ? { evidence: evidence.map((e) => ({ id: e, type: ['Evidence'] })) } : {}),
    // One status object, as OB 3.0's schema asks; a suspendable badge's is in the state list (decision 012).
    credentialStatus: credentialStatusEntry(baseUrl, organisation.slug, achievement.suspendable, statusIndex),
    // No credentialSchema: the OB 3.0 context does not define the 1EdTechJsonSchemaValidator2019 type,
    // so eddsa-rdfc-2022's safe mode refuses it; verifiers pick the schema from the OB context.
  };
}

/** The columns of a new issued_credentials row. */
export function credentialRow(parts: {
  id: string;
  organisationId: string;
  achievement: Selectable<AchievementsTable>;
  checked: CheckedIssue;
  document: Record<string, unknown>;
  jwt: string | null;
  statusIndex: number;
  input: Pick<IssueInput, 'idempotencyKey' | 'claimCodeId' | 'bulkIssueId'>;
  issuedBy: string | null;
}) {
  const { checked, achievement, input } = parts;
  return {
    id: parts.id,
    organisation_id: parts.organisationId,
    achievement_id: achievement.id,
    achievement_version: achievement.version,
    recipient_email: checked.recipient.email,
    recipient_did: checked.recipient.did,
    recipient_name: checked.recipient.name,
    proof_format: checked.proofFormat,
    document: JSON.stringify(parts.document) as never,
    jwt: parts.jwt,
    status_index: parts.statusIndex,
    state: 'active' as const,
    awarded_at: checked.awardedAt,
    valid_from: checked.validFrom,
    valid_until: checked.validUntil ?? null,
    idempotency_key: input.idempotencyKey ?? null,
    claim_code_id: input.claimCodeId ?? null,
    bulk_issue_id: input.bulkIssueId ?? null,
    issued_by: parts.issuedBy,
  };
}

/** Signs an unsigned credential in the chosen format: the document as stored, and the JWT when there is one. */
export async function signCredential(
  credential: Record<string, unknown>,
  proofFormat: ProofFormat,
  keys: Awaited<ReturnType<typeof issuerKeys>>,
): Promise<{ document: Record<string, unknown>; jwt: string | null }> {
  if (proofFormat === 'vc-jwt') return { document: credential, jwt: await signVcJwt(credential, keys.rsa) };
  const document = await signDataIntegrity(credential, keys.ed25519);
  return { document: asProofList(document), jwt: null };
}

/** The OB 3.0 JSON Schema wants `proof` as a list; a one-proof set verifies the same. */
export function asProofList(document: Record<string, unknown>): Record<string, unknown> {
  return Array.isArray(document.proof) ? document : { ...document, proof: [document.proof] };
}

/**
 * Issues a credential of an achievement of `organisation` (authorisation is the caller's: the route,
 * the bulk job, the claim code). Signs it with the achievement's proof format, gives it a position in
 * the status lists, stores it, and mails the recipient a link to its page.
 */
export async function issueAs(
  ctx: AppContext,
  organisation: OrganisationRow,
  input: IssueInput,
  issuedBy: string | null,
): Promise<IssuedCredential> {
  if (input.idempotencyKey) {
    const existing = await ctx.db
      .selectFrom('issued_credentials')
      .selectAll()
      .where('organisation_id', '=', organisation.id)
      .where('idempotency_key', '=', input.idempotencyKey)
      .executeTakeFirst();
    if (existing) return { ...toCredential(ctx, existing), created: false };
  }
  const achievement = await achievementRow(ctx, organisation.id, input.achievementId);
  if (achievement.archived_at) throw E.achievementArchived('achievementId');
  const checked = checkIssueInput(achievement, input);

  const snapshot = await achievementVersion(ctx, achievement.id, achievement.version);
  const results = resultsFor(achievement, snapshot, input.results ?? {});
  await ensureStatusLists(ctx, organisation);
  const keys = await issuerKeys(ctx, organisation);
  const statusIndex = await allocateStatusIndex(ctx.db, organisation.id);
  const id = randomUUID();
  const url = credentialUrl(ctx.config.baseUrl, id);
  const issuer = await issuerProfile(ctx, organisation);
  const credential = credentialDocument({
    baseUrl: ctx.config.baseUrl,
    organisation,
    achievement,
    snapshot,
    issuer,
    checked,
    results,
    url,
    statusIndex,
    endorsements: await endorsementsOf(ctx, { kind: 'achievement', id: achievement.id }),
  });
  const { document, jwt } = await signCredential(credential, checked.proofFormat, keys);

  const inserted = await ctx.db
    .insertInto('issued_credentials')
    .values(credentialRow({ id, organisationId: organisation.id, achievement, checked, document, jwt, statusIndex, input, issuedBy }))
    .onConflict((oc) => oc.columns(['organisation_id', 'idempotency_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!inserted) {
    // Someone issued with the same key at the same time; theirs stands.
    const existing = await ctx.db
      .selectFrom('issued_credentials')
      .selectAll()
      .where('organisation_id', '=', organisation.id)
      .where('idempotency_key', '=', input.idempotencyKey as string)
      .executeTakeFirstOrThrow();
    return { ...toCredential(ctx, existing), created: false };
  }
  const issued = { ...toCredential(ctx, inserted), created: true };
  if (checked.recipient.email && input.notify !== false) await mailRecipient(ctx, issued, organisation, input.lang ?? 'en');
  return issued;
}

export function resultsFor(
  achievement: Selectable<AchievementsTable>,
  snapshot: Record<string, unknown>,
  values: Record<string, string>,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const uri = String(snapshot.id);
  for (const [name, raw] of Object.entries(values)) {
    const value = String(raw ?? '').trim();
    if (!value) continue;
    const description = achievement.result_descriptions.find((d) => d.key === name || d.name.toLowerCase() === name.toLowerCase());
    if (!description) throw E.unknownResult('results', { name });
    if (description.allowedValue && !description.allowedValue.includes(value))
      throw E.resultNotAllowed('results', { name: description.name, options: description.allowedValue.join(', ') });
    out.push({ type: ['Result'], resultDescription: `${uri}#result-${description.key}`, value });
  }
  return out;
}

export async function mailRecipient(
  ctx: AppContext,
  credential: IssuedCredential,
  organisation: OrganisationRow,
  lang: Locale,
): Promise<void> {
  if (!(await sendRecipientMail(ctx, credential, organisation, lang))) return;
  await ctx.db.updateTable('issued_credentials').set({ mailed_at: new Date() }).where('id', '=', credential.id).execute();
}

/** Mails the recipient a link to the credential's page; false when there is no address. */
export async function sendRecipientMail(
  ctx: AppContext,
  credential: Pick<IssuedCredential, 'recipientEmail' | 'recipientName' | 'name' | 'url'>,
  organisation: OrganisationRow,
  lang: Locale,
): Promise<boolean> {
  if (!credential.recipientEmail) return false;
  const t = ctx.i18n.getFixedT(lang, 'credentials');
  const vars = {
    name: credential.recipientName ?? credential.recipientEmail,
    badge: credential.name,
    organisation: organisation.name,
    link: credential.url,
  };
  await ctx.mail.send({ to: credential.recipientEmail, subject: t('issuing.mail.subject', vars), text: t('issuing.mail.body', vars) });
  return true;
}

/** Issues for a signed-in member with an issuing role in the organisation. */
export async function issueCredential(
  ctx: AppContext,
  user: CurrentUser | null,
  orgSlug: string,
  input: IssueInput,
): Promise<IssuedCredential> {
  const { organisation } = await requireOrgRole(ctx, user, orgSlug, ISSUER_ROLES);
  return issueAs(ctx, organisation, input, userRef(user));
}

/** A credential by id, for its public page and downloads (null when unknown). */
export async function findCredential(ctx: AppContext, id: string): Promise<IssuedCredential | null> {
  if (!isUuid(id)) return null;
  const row = await ctx.db.selectFrom('issued_credentials').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toCredential(ctx, row) : null;
}

/** The furthest a list of issued credentials pages (beyond it PostgreSQL's bigint offset is not far away). */
export const MAX_LIST_OFFSET = 10_000_000;

export interface CredentialListItem extends IssuedCredential {
  achievementName: string;
}

export async function listIssued(
  ctx: AppContext,
  user: CurrentUser | null,
  orgSlug: string,
  filter: { achievementId?: string; limit?: number; offset?: number } = {},
): Promise<{ items: IssuedCredential[]; total: number }> {
  const { organisation } = await requireOrgRole(ctx, user, orgSlug, ISSUER_ROLES);
  const offset = filter.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_LIST_OFFSET)
    throw E.notWholeNumberBetween('offset', { min: 0, max: MAX_LIST_OFFSET });
  const limit = filter.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw E.notWholeNumberBetween('limit', { min: 1, max: 500 });
  let query = ctx.db.selectFrom('issued_credentials').where('organisation_id', '=', organisation.id);
  if (filter.achievementId && isUuid(filter.achievementId)) query = query.where('achievement_id', '=', filter.achievementId);
  const { total } = await query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  const rows = await query.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute();
  return { items: rows.map((r) => toCredential(ctx, r)), total: Number(total) };
}

export type StatusAction = 'revoke' | 'suspend' | 'reinstate';

/**
 * Revokes (final), suspends (when the achievement's credentials carry a suspension entry) or
 * reinstates a suspended credential; a reason is required. Flips the bit in the status list and
 * re-signs the list in one transaction.
 */
export async function changeCredentialStatus(
  ctx: AppContext,
  user: CurrentUser | null,
  orgSlug: string,
  credentialId: string,
  action: string,
  reason: string,
): Promise<IssuedCredential> {
  const { organisation } = await requireOrgRole(ctx, user, orgSlug, ISSUER_ROLES);
  if (!['revoke', 'suspend', 'reinstate'].includes(action)) throw E.statusAction('action');
  const why = reason?.trim() ?? '';
  if (!why) throw PlatformErrors.required('reason');
  if (why.length > 1000) throw PlatformErrors.tooLong('reason', { max: 1000 });
  if (!isUuid(credentialId)) throw E.credentialNotFound();
  const updated = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('issued_credentials')
      .selectAll()
      .where('id', '=', credentialId)
      .where('organisation_id', '=', organisation.id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw E.credentialNotFound();
    let state: CredentialState;
    if (row.state === 'revoked') throw E.revokedIsFinal('action');
    if (action === 'revoke') state = 'revoked';
    else if (action === 'suspend') {
      if (!suspensionOf(row.document)) throw E.notSuspendable('action');
      if (row.state === 'suspended') throw E.alreadySuspended('action');
      state = 'suspended';
    } else {
      if (row.state !== 'suspended') throw E.notSuspended('action');
      state = 'active';
    }
    await recordState(ctx, trx, organisation, row.document, row.status_index, state);
    return trx
      .updateTable('issued_credentials')
      .set({ state, state_reason: why, state_changed_at: new Date() })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  // Committed: verifiers in this process read the new list from now on (another process within DOCUMENT_TTL_MS).
  forgetDocuments(ctx);
  return toCredential(ctx, updated);
}

/** The organisation of a credential, for pages (null when gone). */
export async function credentialIssuer(ctx: AppContext, credential: IssuedCredential): Promise<OrganisationRow | null> {
  return findOrganisation(ctx.db, credential.organisationId);
}
