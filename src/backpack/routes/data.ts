import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import type { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { fieldMessages, wantsJson } from '../../platform/http/problem.ts';
import { DataPage, ExportProgress } from '../pages/data.tsx';
import { deleteAccount, exportFile, exportStatus, latestExport, startExport } from '../personal-data.ts';
import { field } from './shared.ts';

type Id = { Params: { id: string } };

/** `/backpack/data`: the download of everything (a job with progress) and deleting the account. */
export function dataRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/backpack/data', async (request, reply) => {
    const user = requireUser(request);
    return reply.page(DataPage({ request, latest: await latestExport(ctx, user.id) }));
  });

  app.post('/backpack/data/exports', async (request, reply) => {
    const user = requireUser(request);
    await startExport(ctx, user.id, request.lang);
    reply.flash('info', request.t('backpack:data.started'));
    return reply.redirect('/backpack/data#download', 303);
  });

  app.get<Id>('/backpack/data/exports/:id/status', async (request, reply) => {
    const user = requireUser(request);
    return reply.page(ExportProgress({ request, status: await exportStatus(ctx, user.id, request.params.id) }));
  });

  app.get<Id>('/backpack/data/exports/:id/download', async (request, reply) => {
    const user = requireUser(request);
    const { file, createdAt } = await exportFile(ctx, user.id, request.params.id);
    const name = `vaardig-${createdAt.toISOString().slice(0, 10)}.zip`;
    return reply
      .type('application/zip')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(file);
  });

  app.post('/backpack/data/delete', { config: { rateLimit: app.authRateLimit } }, async (request, reply) => {
    const user = requireUser(request);
    try {
      await deleteAccount(ctx, user, field(request, 'confirm'));
    } catch (error) {
      const errors = fieldMessages(request.t, error);
      if (!errors || wantsJson(request)) throw error;
      return reply.page(DataPage({ request, latest: await latestExport(ctx, user.id), errors }), (error as AppError).status);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.flash('success', request.t('backpack:data.deleted'));
    return reply.redirect('/', 303);
  });
}
