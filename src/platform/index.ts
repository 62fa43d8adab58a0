import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { platformMigrations } from './migrations.ts';
import type { VaardigModule } from './module.ts';
import { HomePage } from './pages/home.tsx';
import './schema.ts';

async function routes(app: FastifyInstance, ctx: AppContext) {
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const demo = await ctx.db.selectFrom('organisations').select('id').where('is_demo', '=', true).limit(1).executeTakeFirst();
    return reply.page(HomePage({ request, demo: Boolean(demo) }));
  });
}

/** The platform itself: accounts, organisations, mail, the page shell. */
export const platformModule: VaardigModule = {
  name: 'platform',
  migrations: platformMigrations,
  locales: { en, nl },
  routes,
  nav: [{ href: '/', label: 'nav.home' }],
};
