/**
 * What the endorsement pages and sections show, each gathered by one call (authorisation included).
 */
import type { FastifyRequest } from 'fastify';
import { confirmedAddresses, type CurrentUser, hasOrgRole, membershipOrganisationIds, requireOrgRole } from '../accounts/api.ts';
import { credentialSummary, networkAchievements, receivedStates, verifyInContext } from '../credentials/api.ts';
import type { AppContext } from '../platform/context.ts';
import type { Subject } from '../platform/module.ts';
import { noHtml, type SafeHtml, safeHtml } from '../platform/pages/safe-html.ts';
import { EndorsementsSection } from './pages/section.tsx';
import { ENDORSER_ROLES, endorsementsFor, getEndorsement, listEndorsements, peopleMayEndorse, personalRefusal } from './service.ts';

/**
 * The endorsements shown with a subject: of the badge or the issuer on their pages; on a
 * credential's page those of the credential, its badge and its issuer. Revoked ones show as revoked.
 * Nothing when there are none.
 */
export async function endorsementSection(ctx: AppContext, subject: Subject, request: FastifyRequest): Promise<SafeHtml> {
  const subjects: Subject[] = [subject];
  let endorseHref: string | null = null;
  if (subject.kind === 'credential') {
    const credential = await credentialSummary(ctx, subject.id);
    if (!credential) return noHtml;
    subjects.push({ kind: 'achievement', id: credential.achievementId }, { kind: 'issuer', id: credential.organisationId });
    if (await mayEndorseCredential(ctx, request.user, credential))
      endorseHref = `/endorsements/personal?subjectType=credential&credential=${encodeURIComponent(credential.url)}&achievementId=${credential.achievementId}&issuerId=${credential.organisationId}#endorse`;
  }
  const items = await endorsementsFor(ctx, subjects);
  if (items.length === 0 && !endorseHref) return noHtml;
  return safeHtml(EndorsementsSection({ request, items, about: true, endorseHref }));
}

/**
 * Whether the person looking at a credential's page gets the button to endorse it as themselves:
 * the network allows it, they are signed in with a confirmed address, it was not issued to them
 * and its issuer is not an organisation of theirs. (The service checks all of it again.)
 */
async function mayEndorseCredential(
  ctx: AppContext,
  user: CurrentUser | null,
  credential: { id: string; organisationId: string },
): Promise<boolean> {
  if (!user || (await personalRefusal(ctx, user))) return false;
  if ((await membershipOrganisationIds(ctx.db, user.id)).includes(credential.organisationId)) return false;
  return (await receivedStates(ctx, await confirmedAddresses(ctx.db, user.id), [credential.id])).length === 0;
}

export async function endorsementPageView(ctx: AppContext, user: CurrentUser | null, id: string) {
  const endorsement = await getEndorsement(ctx, id);
  let verdict = null;
  try {
    verdict = await verifyInContext(ctx, endorsement.document);
  } catch (error) {
    ctx.log.warn({ err: error, endorsement: endorsement.id }, 'endorsements: verification failed to run');
  }
  return {
    endorsement,
    verdict,
    subjectUrl: endorsement.subjectKind === 'credential' ? endorsement.subjectUri : null,
    canRevoke:
      user !== null &&
      (endorsement.personId
        ? endorsement.personId === user.id
        : await hasOrgRole(ctx, user, endorsement.organisationSlug ?? '', ENDORSER_ROLES)),
  };
}

/**
 * A person's own endorsements, and what they may endorse as themselves: badges and issuers of
 * organisations they do not belong to. `refusal` says why they may not endorse now (the network's
 * setting, an unconfirmed address); their endorsements show either way, so they can revoke them.
 */
export async function personalView(ctx: AppContext, user: CurrentUser) {
  const refusal = await personalRefusal(ctx, user);
  const given = await listEndorsements(ctx, { person: user.id });
  const own = new Set(await membershipOrganisationIds(ctx.db, user.id));
  const achievements = refusal ? [] : (await networkAchievements(ctx)).filter((a) => !own.has(a.organisationId));
  const issuers = new Map<string, string>();
  for (const a of achievements) issuers.set(a.organisationId, a.organisationName);
  return {
    allowed: await peopleMayEndorse(ctx),
    refusal,
    given,
    achievements,
    issuers: [...issuers].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The organisation's endorsements, and what it may endorse: badges and issuers of other organisations. */
export async function manageView(ctx: AppContext, user: CurrentUser | null, slug: string) {
  const { organisation } = await requireOrgRole(ctx, user, slug, ENDORSER_ROLES);
  const given = await listEndorsements(ctx, { organisation: organisation.id });
  const achievements = (await networkAchievements(ctx)).filter((a) => a.organisationId !== organisation.id);
  const issuers = new Map<string, string>();
  for (const a of achievements) issuers.set(a.organisationId, a.organisationName);
  return {
    organisation,
    given,
    achievements,
    issuers: [...issuers].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}
