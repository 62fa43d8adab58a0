import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import type { VaardigModule } from '../platform/module.ts';
import { endorsementApi } from './api-routes.ts';
import { seedEndorsementsDemo } from './demo.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { endorsementMigrations } from './migrations.ts';
import { endorsementsPersonalData } from './personal-data.ts';
import { endorsementPages } from './routes/pages.tsx';
import { tables } from './schema.ts';
import { activeDocuments, ENDORSER_ROLES } from './service.ts';
import { endorsementSection } from './views.ts';
import { endorsementsPolicies } from './policies.ts';

async function routes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  endorsementPages(app, ctx);
  await endorsementApi(app, ctx);
}

/**
 * Endorsements (issue 11): an organisation vouches for an achievement, an issuer or one credential
 * with an OB 3.0 EndorsementCredential signed with its key (through the credentials module's
 * api.ts), revocable; shown where the endorsed thing is shown (subjectSections), carried in the
 * achievement's `endorsement` of credentials issued after it (endorsementsOf).
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
  organisationLinks: async (_ctx, organisation, request) =>
    request.user && (request.user.isOperator || (organisation.role !== null && ENDORSER_ROLES.includes(organisation.role as never)))
      ? [{ href: `/organisations/${organisation.slug}/endorsements`, label: request.t('endorsements:manage.link') }]
      : [],
};
