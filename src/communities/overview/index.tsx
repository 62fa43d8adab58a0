import type { ModulePart } from '../../platform/module.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { tr } from '../pages/components.tsx';
import { addCommunitySection } from '../sections.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { overviewRoutes } from './routes.ts';
import { overviewPolicies } from './policies.ts';

// The community page links its facilitators to their overview.
addCommunitySection((_ctx, request, access) =>
  access.isFacilitator
    ? ((
        <p class="actions">
          <a href={`/communities/${encodeURIComponent(access.community.slug)}/overview`}>{escapeHtml(tr(request, 'charts.link'))}</a>
        </p>
      ) as string)
    : '',
);

/** The facilitators' overview (issue 9 part B): attendance over time, active members, action items, badges issued, as SVG charts made on the server. */
export const overviewPart: ModulePart = {
  locales: { en, nl },
  routes: overviewRoutes,
  routePolicies: overviewPolicies,
};
