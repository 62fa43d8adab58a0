import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context.ts';
import { demoPresent } from './demo.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { platformMigrations } from './migrations.ts';
import { platformPolicies } from './policies.ts';
import type { VaardigModule } from './module.ts';
import { DashboardPage, dashboardPanels } from './pages/dashboard.tsx';
import { HomePage } from './pages/home.tsx';
import { keepsPages, PageCache } from './http/page-cache.ts';
import './schema.ts';

async function routes(app: FastifyInstance, ctx: AppContext) {
  // Signed out, the home page says the same to everyone of a language: kept rendered (issue 13).
  const kept = new PageCache({ maxEntries: 200 });
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const demo = await demoPresent(ctx);
    // Signed in, the home page is the person's own: what each module has for them (their badges, the network).
    if (request.user) return reply.page(DashboardPage({ request, demo, panels: await dashboardPanels(ctx, request) }));
    if (!keepsPages(request)) return reply.page(HomePage({ request, demo }));
    return kept.send(request, reply, request.url, demo ? 'demo' : 'no demo', async () => ({ html: HomePage({ request, demo }) }));
  });
}

/** The platform's own part: the home page, the mail outbox table, the page shell's texts. */
export const platformModule: VaardigModule = {
  name: 'platform',
  migrations: platformMigrations,
  locales: { en, nl },
  routes,
  routePolicies: platformPolicies,
  nav: [{ href: '/', label: 'nav.home' }],
  // The mails sent to the person's addresses (the outbox keeps a copy of each).
  personalData: {
    tables: ['mail_outbox'],
    async export(ctx, subject) {
      const rows = subject.emails.length
        ? await ctx.db
            .selectFrom('mail_outbox')
            .selectAll()
            .where((eb) => eb(eb.fn('lower', ['to_address']), 'in', [...subject.emails]))
            .orderBy('created_at')
            .execute()
        : [];
      return { mail_outbox: rows };
    },
    async erase(ctx, subject) {
      if (subject.emails.length)
        await ctx.db
          .deleteFrom('mail_outbox')
          .where((eb) => eb(eb.fn('lower', ['to_address']), 'in', [...subject.emails]))
          .execute();
    },
  },
};
