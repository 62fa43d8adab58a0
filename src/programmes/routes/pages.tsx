import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { E } from '../errors.ts';
import { EvidencePage } from '../pages/evidence.tsx';
import { ListPage } from '../pages/list.tsx';
import { ProgrammePage } from '../pages/programme.tsx';
import { listView, programmeView } from '../views.ts';
import { evidenceByToken, fileOf } from '../work.ts';
import { sendFile } from './files.ts';
import { hide } from './shared.ts';

/** `/programmes`, `/programmes/:id` and the public evidence pages. */
export function programmePages(app: FastifyInstance, ctx: AppContext): void {
  app.get('/programmes', hide, async (request, reply) => {
    const view = await listView(ctx, request.user);
    return reply.page(<ListPage request={request} {...view} />);
  });

  app.get<{ Params: { id: string } }>('/programmes/:id', hide, async (request, reply) => {
    const view = await programmeView(ctx, request.user, request.params.id);
    return reply.page(
      <ProgrammePage
        request={request}
        {...view}
        pathway={view.pathway ? { id: view.pathway.id, name: view.pathway.name } : null}
        certificateName={view.certificate?.name ?? view.programme.name}
      />,
    );
  });

  app.get<{ Params: { token: string } }>('/programmes/evidence/:token', hide, async (request, reply) => {
    const evidence = await evidenceByToken(ctx, request.params.token);
    if (!evidence) throw E.submissionNotFound('token');
    return reply.page(<EvidencePage request={request} evidence={evidence} />);
  });

  app.get<{ Params: { token: string; submissionId: string } }>(
    '/programmes/evidence/:token/files/:submissionId',
    hide,
    async (request, reply) => {
      const evidence = await evidenceByToken(ctx, request.params.token);
      const submission = evidence?.submissions.find((s) => s.id === request.params.submissionId);
      const file = submission ? await fileOf(ctx, submission.id) : null;
      if (!file) throw E.submissionNotFound('submissionId');
      return sendFile(reply, file);
    },
  );
}
