import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import type { VaardigModule } from '../platform/module.ts';
import { noHtml, type SafeHtml, safeHtml } from '../platform/pages/safe-html.ts';
import { backpackApi } from './api-routes.ts';
import { seedBackpackDemo } from './demo.ts';
import { listItems, newItems } from './items.ts';
import { backpackPersonalData } from './personal-data.ts';
import { profileSuggestion } from './profile.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { backpackMigrations } from './migrations.ts';
import { BackpackPanel } from './pages/dashboard.tsx';
import { collectionRoutes } from './routes/collections.ts';
import { dataRoutes } from './routes/data.ts';
import { importRoutes } from './routes/import.ts';
import { profileRoutes } from './routes/profile.ts';
import { skillRoutes } from './routes/skills.ts';
import { itemRoutes } from './routes/items.ts';
import { backpackJobs } from './jobs.ts';
import { tables } from './schema.ts';
import { backpackPolicies } from './policies.ts';

/** The signed-in home page: new badges and the way to the backpack, for anyone with a badge. */
async function dashboard(ctx: AppContext, request: FastifyRequest): Promise<SafeHtml> {
  const user = request.user;
  if (!user) return noHtml;
  // Counts only: no badge is read beyond the new ones.
  const { counts } = await listItems(ctx, user.id, 'current', { pageSize: 1 });
  if (counts.current === 0) return noHtml;
  const fresh = counts.new ? await newItems(ctx, user.id) : [];
  const suggestPublish = (await profileSuggestion(ctx, user.id)) === 'publish';
  return safeHtml(BackpackPanel({ request, fresh, total: counts.current, suggestPublish }));
}

async function routes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  itemRoutes(app, ctx);
  importRoutes(app, ctx);
  collectionRoutes(app, ctx);
  skillRoutes(app, ctx);
  profileRoutes(app, ctx);
  dataRoutes(app, ctx);
  await backpackApi(app, ctx);
}

/**
 * The earner's backpack: every badge issued in the network to the person's confirmed addresses,
 * imported badges, collections, the skills profile and the public profile (issue 8).
 */
export const backpackModule: VaardigModule = {
  name: 'backpack',
  routePolicies: backpackPolicies,
  tables,
  migrations: backpackMigrations,
  locales: { en, nl },
  routes,
  jobs: backpackJobs,
  dashboard,
  seedDemo: seedBackpackDemo,
  personalData: backpackPersonalData,
  nav: [{ href: '/backpack', label: 'nav.backpack', signedIn: true }],
};
