/**
 * What the endorsement pages and sections show, each gathered by one call (authorisation included).
 */
import type { FastifyRequest } from 'fastify';
import { type CurrentUser, hasOrgRole, requireOrgRole } from '../accounts/api.ts';
import { credentialSummary, networkAchievements, verifyInContext } from '../credentials/api.ts';
import type { AppContext } from '../platform/context.ts';
import type { Subject } from '../platform/module.ts';
import { noHtml, type SafeHtml, safeHtml } from '../platform/pages/safe-html.ts';
import { EndorsementsSection } from './pages/section.tsx';
import { ENDORSER_ROLES, endorsementsFor, getEndorsement, listEndorsements } from './service.ts';

/**
 * The endorsements shown with a subject: of the badge or the issuer on their pages; on a
 * credential's page those of the credential, its badge and its issuer. Revoked ones show as revoked.
 * Nothing when there are none.
 */
export async function endorsementSection(ctx: AppContext, subject: Subject, request: FastifyRequest): Promise<SafeHtml> {
  const subjects: Subject[] = [subject];
  if (subject.kind === 'credential') {
    const credential = await credentialSummary(ctx, subject.id);
    if (!credential) return noHtml;
    subjects.push({ kind: 'achievement', id: credential.achievementId }, { kind: 'issuer', id: credential.organisationId });
  }
  const items = await endorsementsFor(ctx, subjects);
  if (items.length === 0) return noHtml;
  return safeHtml(EndorsementsSection({ request, items, about: true }));
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
    canRevoke: user !== null && (await hasOrgRole(ctx, user, endorsement.organisationSlug, ENDORSER_ROLES)),
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
