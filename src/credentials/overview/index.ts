import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireUser } from '../../platform/http/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import type { ModulePart, OrganisationLink } from '../../platform/module.ts';
import { joinHtml, noHtml, type SafeHtml, safeHtml } from '../../platform/pages/safe-html.ts';
import { ISSUER_ROLES } from '../issuing/achievements.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { BadgesPage, EarnerPanel, IssuerPanel, NetworkIssuingPanel } from './pages.tsx';
import { issuerOverviews, networkIssuing, receivedBadges } from './service.ts';

/** The signed-in home page's credentials panels: the issuer's badges, or how to claim and check one; the operator's figures. */
async function dashboard(ctx: AppContext, request: FastifyRequest): Promise<SafeHtml> {
  const user = request.user;
  if (!user) return noHtml;
  const overviews = await issuerOverviews(ctx, user);
  const figures = await networkIssuing(ctx, user);
  const panels: SafeHtml[] = [];
  for (const overview of overviews) panels.push(await safeHtml(IssuerPanel({ request, overview })));
  if (figures) panels.push(await safeHtml(NetworkIssuingPanel({ request, figures })));
  // What a person received is the backpack's panel (one place for one's badges); this panel only says
  // how to get a first one, to someone who neither issues, runs the network nor holds a badge yet.
  if (!overviews.length && !figures) {
    const received = await receivedBadges(ctx, user, 1);
    if (!received.length) panels.push(await safeHtml(EarnerPanel({ request, received })));
  }
  return joinHtml(panels);
}

/** An organisation's page links to its badges and issuer settings, for those who may issue there. */
function organisationLinks(
  _ctx: AppContext,
  organisation: { slug: string; role: string | null },
  request: FastifyRequest,
): OrganisationLink[] {
  const mayIssue =
    request.user?.isOperator || (organisation.role !== null && (ISSUER_ROLES as readonly string[]).includes(organisation.role));
  if (!mayIssue) return [];
  const base = `/organisations/${encodeURIComponent(organisation.slug)}`;
  return [
    { href: `${base}/achievements`, label: request.t('credentials:overview.orgBadges') },
    { href: `${base}/credentials`, label: request.t('credentials:overview.orgIssued') },
    { href: `${base}/achievements#issuer-settings`, label: request.t('credentials:overview.orgSettings') },
  ];
}

async function routes(app: FastifyInstance, ctx: AppContext) {
  // "Badges" in the navigation: the badges of every organisation the person issues for.
  app.get('/badges', { schema: { hide: true } }, async (request, reply) => {
    const user = requireUser(request);
    const overviews = await issuerOverviews(ctx, user);
    return reply.page(await BadgesPage({ request, overviews, received: await receivedBadges(ctx, user) }));
  });
}

/**
 * The issuer's side of first contact: the home page panel (badges, recent issues, open claim codes,
 * running bulk issues), `/badges` behind the navigation, the links on an organisation's page.
 */
export const overviewPart: ModulePart = {
  locales: { en, nl },
  routes,
  dashboard,
  organisationLinks,
};
