import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { SkillsPage } from '../pages/skills-page.tsx';
import { skillProfile } from '../skill-profile.ts';

/** `/backpack/skills`: the skills profile of the person's accepted badges. */
export function skillRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/backpack/skills', async (request, reply) => {
    const user = requireUser(request);
    return reply.page(SkillsPage({ request, groups: await skillProfile(ctx, user.id, request.lang) }));
  });
}
