/**
 * What other modules need of issuing across the network (src/credentials/api.ts): the achievements
 * of every issuer, who received them, issuing on behalf of an organisation for a rule it set (a
 * pathway's badge), and signing credentials of other kinds (EndorsementCredentials) with an
 * organisation's key and a place in its revocation list.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { findOrganisation, type OrganisationRow } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { E } from '../errors.ts';
import { achievementUri, imageUrl, isUuid, VC_CONTEXT, OB_CONTEXT } from './achievements.ts';
import { forgetDocuments } from './document-cache.ts';
import { signDataIntegrity } from './engine.ts';
import { asProofList, findCredential, type IssuedCredential, type IssueInput, isoDate, issueAs } from './issue.ts';
import { issuerDid, issuerKeys, issuerProfile } from './issuer.ts';
import { allocateStatusIndex, ensureStatusLists, setStatusBit, statusEntry } from './status.ts';

/** An achievement of any issuer of this instance, as other modules show and match it. */
export interface NetworkAchievement {
  id: string;
  /** Its OB 3.0 id, as credentials carry it in `credentialSubject.achievement.id`. */
  uri: string;
  name: string;
  description: string;
  organisationId: string;
  organisationName: string;
  organisationSlug: string;
  imageUrl: string | null;
  archived: boolean;
  /** The library skills it is aligned to. */
  skills: { skillId: string; targetUrl: string; targetName: string; targetCode?: string }[];
}

/**
 * Achievements of every issuer of the network, by name; with `ids`, those (archived ones too),
 * else the ones not archived (at most `limit`, 500 by default).
 */
export async function networkAchievements(
  ctx: AppContext,
  options: { ids?: readonly string[]; limit?: number } = {},
): Promise<NetworkAchievement[]> {
  const ids = options.ids?.filter(isUuid);
  if (ids && ids.length === 0) return [];
  let query = ctx.db
    .selectFrom('achievements')
    .leftJoin('achievement_images', 'achievement_images.id', 'achievements.image_id')
    .select([
      'achievements.id',
      'achievements.name',
      'achievements.description',
      'achievements.organisation_id',
      'achievements.image_id',
      'achievements.alignments',
      'achievements.archived_at',
      'achievement_images.mime',
    ]);
  query = ids ? query.where('achievements.id', 'in', ids) : query.where('achievements.archived_at', 'is', null);
  const rows = await query
    .orderBy('achievements.name')
    .orderBy('achievements.id')
    .limit(ids ? ids.length : (options.limit ?? 500))
    .execute();
  const organisations = new Map<string, OrganisationRow | null>();
  for (const r of rows)
    if (!organisations.has(r.organisation_id)) organisations.set(r.organisation_id, await findOrganisation(ctx.db, r.organisation_id));
  return rows.flatMap((r) => {
    const organisation = organisations.get(r.organisation_id);
    if (!organisation) return [];
    return [
      {
        id: r.id,
        uri: achievementUri(ctx.config.baseUrl, r.id),
        name: r.name,
        description: r.description,
        organisationId: organisation.id,
        organisationName: organisation.name,
        organisationSlug: organisation.slug,
        imageUrl: r.image_id && r.mime ? imageUrl(ctx.config.baseUrl, r.image_id, r.mime) : null,
        archived: r.archived_at !== null,
        skills: r.alignments.map((a) => ({
          skillId: a.skillId,
          targetUrl: a.targetUrl,
          targetName: a.targetName,
          ...(a.targetCode ? { targetCode: a.targetCode } : {}),
        })),
      },
    ];
  });
}

/** The achievement of this instance an OB 3.0 achievement id names (`<BASE_URL>/achievements/<id>`), else null. */
export function achievementIdOf(baseUrl: string, uri: string): string | null {
  const prefix = `${baseUrl}/achievements/`;
  if (!uri.startsWith(prefix)) return null;
  const id = uri.slice(prefix.length);
  return isUuid(id) ? id : null;
}

/** The addresses that hold a credential (not revoked) of one of these achievements. */
export async function recipientsOf(ctx: AppContext, achievementIds: readonly string[]): Promise<string[]> {
  const ids = achievementIds.filter(isUuid);
  if (ids.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('issued_credentials')
    .select('recipient_email')
    .distinct()
    .where('achievement_id', 'in', ids)
    .where('state', '!=', 'revoked')
    .where('recipient_email', 'is not', null)
    .execute();
  return rows.map((r) => r.recipient_email as string);
}

/**
 * Issues on behalf of the organisation itself, with nobody signed in: for a rule a person with an
 * issuing role set earlier (a pathway's badge). The caller answers for that rule; with an
 * idempotency key a second call returns the first credential (`created: false`).
 */
export async function issueForOrganisation(ctx: AppContext, organisationId: string, input: IssueInput): Promise<IssuedCredential> {
  const organisation = await findOrganisation(ctx.db, organisationId);
  if (!organisation) throw E.issuerNotFound();
  return issueAs(ctx, organisation, input, null);
}

/** A credential of another kind signed by an organisation: the document and its place in the revocation list. */
export interface OrganisationCredential {
  document: Record<string, unknown>;
  statusIndex: number;
}

/**
 * Signs a credential of another kind than an OpenBadgeCredential (an EndorsementCredential) as the
 * organisation: its `@context`, an id under BASE_URL unless given, the organisation's issuer
 * profile, `validFrom` (now unless given), a revocation entry in the organisation's status list,
 * and an eddsa-rdfc-2022 proof (as a list, as the OB 3.0 schema wants). `credential` gives the
 * type, name, subject and anything else; what this function sets wins.
 */
export async function signOrganisationCredential(
  ctx: AppContext,
  organisationId: string,
  credential: Record<string, unknown>,
): Promise<OrganisationCredential> {
  const organisation = await findOrganisation(ctx.db, organisationId);
  if (!organisation) throw E.issuerNotFound();
  await ensureStatusLists(ctx, organisation);
  const keys = await issuerKeys(ctx, organisation);
  const statusIndex = await allocateStatusIndex(ctx.db, organisation.id);
  const unsigned: Record<string, unknown> = {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: typeof credential.id === 'string' ? credential.id : `urn:uuid:${randomUUID()}`,
    ...credential,
    issuer: await issuerProfile(ctx, organisation),
    validFrom: typeof credential.validFrom === 'string' ? credential.validFrom : isoDate(new Date()),
    credentialStatus: statusEntry(ctx.config.baseUrl, organisation.slug, 'revocation', statusIndex),
  };
  const document = asProofList(await signDataIntegrity(unsigned, keys.ed25519));
  return { document, statusIndex };
}

/**
 * Revokes a credential signed with `signOrganisationCredential`: sets its bit in the organisation's
 * revocation list and signs the list anew (final; setting it twice changes nothing).
 */
export async function revokeOrganisationCredential(ctx: AppContext, organisationId: string, statusIndex: number): Promise<void> {
  const organisation = await findOrganisation(ctx.db, organisationId);
  if (!organisation) throw E.issuerNotFound();
  await ctx.db.transaction().execute(async (trx) => {
    await setStatusBit(ctx, trx, organisation, 'revocation', statusIndex, true);
  });
  forgetDocuments(ctx);
}

/** The OB 3.0 id of an organisation as issuer (its did:web), as its credentials carry it in `issuer.id`. */
export function issuerIdOf(baseUrl: string, slug: string): string {
  return issuerDid(baseUrl, slug);
}

/** What other modules may show of one credential: no recipient, no document. */
export interface CredentialSummary {
  id: string;
  url: string;
  name: string;
  organisationId: string;
  achievementId: string;
  state: 'active' | 'revoked' | 'suspended';
}

/** A credential of this instance by its id or public URL (`<BASE_URL>/credentials/<id>`); null when unknown. */
export async function credentialSummary(ctx: AppContext, idOrUrl: string): Promise<CredentialSummary | null> {
  const prefix = `${ctx.config.baseUrl}/credentials/`;
  const id = idOrUrl.startsWith(prefix) ? idOrUrl.slice(prefix.length) : idOrUrl;
  const credential = await findCredential(ctx, id);
  if (!credential) return null;
  return {
    id: credential.id,
    url: credential.url,
    name: credential.name,
    organisationId: credential.organisationId,
    achievementId: credential.achievementId,
    state: credential.state,
  };
}

/**
 * The skills proven by valid credentials held in the network — not revoked, not suspended, not past
 * validUntil at `now` — as a SQL fragment `(email, skill_id, organisation_id)` of distinct rows
 * other modules may select from in one statement (the insight module's supply rollup). The skills
 * are the achievement's alignments to library skills at its current version.
 */
export function validSkillHoldingsSql(now: Date) {
  return sql<{ email: string; skill_id: string; organisation_id: string }>`select distinct c.recipient_email as email,
      (al.value->>'skillId')::uuid as skill_id, c.organisation_id
    from issued_credentials c
      join achievements a on a.id = c.achievement_id
      cross join lateral jsonb_array_elements(a.alignments) al(value)
    where c.state = 'active' and c.recipient_email is not null
      and (c.valid_until is null or c.valid_until > ${now.toISOString()})
      and c.valid_from <= ${now.toISOString()}
      and al.value->>'skillId' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`;
}
