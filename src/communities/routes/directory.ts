import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { type DirectoryFilter, memberDirectory } from '../directory.ts';
import { DirectoryPage } from '../pages/directory.tsx';

/** `/communities/:slug/directory`: the members who opted in, by skill and organisation. */
export function directoryRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { slug: string }; Querystring: Record<string, unknown> }>('/communities/:slug/directory', async (request, reply) => {
    const q = request.query ?? {};
    const filter: DirectoryFilter = {
      skill: typeof q.skill === 'string' ? q.skill.slice(0, 200) : '',
      organisation: typeof q.organisation === 'string' ? q.organisation.slice(0, 200) : '',
    };
    const directory = await memberDirectory(ctx, requireUser(request), request.params.slug, filter, request.lang);
    return reply.page(DirectoryPage({ request, directory, filter }));
  });
}
