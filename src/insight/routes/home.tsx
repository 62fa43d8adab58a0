import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { HomePage } from '../pages/home.tsx';

/** `/insight`: the module's landing page for anyone signed in. */
export function homeRoutes(app: FastifyInstance, _ctx: AppContext): void {
  app.get('/insight', async (request, reply) => {
    if (!request.user) throw PlatformErrors.unauthorized();
    return reply.page(<HomePage request={request} />);
  });
}
