import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import type { VaardigModule } from '../platform/module.ts';
import { endorsementApi } from './api-routes.ts';
import { seedEndorsementsDemo } from './demo.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { endorsementMigrations } from './migrations.ts';
import { endorsementsPersonalData } from './personal-data.ts';
import { EndorsementsPanel } from './pages/personal.tsx';
import { endorsementPages } from './routes/pages.tsx';
import { personalEndorsementPages } from './routes/personal.tsx';
import { tables } from './schema.ts';
import { noHtml, type SafeHtml, safeHtml } from '../platform/pages/safe-html.ts';
import { activeDocuments, ENDORSER_ROLES, listEndorsements, peopleMayEndorse } from './service.ts';
import { endorsementSection } from './views.ts';
import { endorsementsPolicies } from './policies.ts';

async function routes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  endorsementPages(app, ctx);
  personalEndorsementPages(app, ctx);
  await endorsementApi(app, ctx);
}

/** The home page's panel: the operator's setting; a person's own endorsements where the network allows them. */
async function dashboard(ctx: AppContext, request: FastifyRequest): Promise<SafeHtml> {
  const user = request.user;
  if (!user) return noHtml;
  const allowed = await peopleMayEndorse(ctx);
  const given = (await listEndorsements(ctx, { person: user.id })).length;
  if (!user.isOperator && !allowed && given === 0) return noHtml;
  return safeHtml(EndorsementsPanel({ request, allowed, given }));
}

/**
 * Endorsements (issue 11): an organisation vouches for an achievement, an issuer or one credential
 * with an OB 3.0 EndorsementCredential signed with its key (through the credentials module's
 * api.ts), revocable; shown where the endorsed thing is shown (subjectSections), carried in the
 * achievement's `endorsement` of credentials issued after it (endorsementsOf). Where the operator
 * allows it, a person endorses as themselves, signed with a did:key of their own (not carried).
 */
export const endorsementsModule: VaardigModule = {
  name: 'endorsements',
  routePolicies: endorsementsPolicies,
  tables,
  migrations: endorsementMigrations,
  locales: { en, nl },
  routes,
  seedDemo: seedEndorsementsDemo,
  personalData: endorsementsPersonalData,
  subjectSections: endorsementSection,
  endorsementsOf: activeDocuments,
  dashboard,
  organisationLinks: async (_ctx, organisation, request) =>
    request.user && (request.user.isOperator || (organisation.role !== null && ENDORSER_ROLES.includes(organisation.role as never)))
      ? [{ href: `/organisations/${organisation.slug}/endorsements`, label: request.t('endorsements:manage.link') }]
      : [],
};
