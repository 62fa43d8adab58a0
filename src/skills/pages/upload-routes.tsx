import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { fieldMessages } from '../../platform/http/problem.ts';
import { requireUser } from '../../platform/http/auth.ts';
import type { FormErrors } from '../../platform/pages/forms.tsx';
import { importSkills } from '../library/exchange.ts';
import { ImportFileError, importErrorMessage } from '../formats/index.ts';
import { ImportPage, NoOrganisationPage } from './editor.tsx';

import { back, curatorOrganisations, hide } from './route-helpers.tsx';

/** Batch import of own skills from a file (the ESCO import for operators is /skills/import). */
export async function uploadRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/skills/upload', hide, async (request, reply) => {
    const user = requireUser(request);
    const organisations = await curatorOrganisations(ctx, user);
    if (!organisations.length) return reply.page(NoOrganisationPage({ request, title: request.t('skills:pages.import.title') }), 403);
    return reply.page(ImportPage({ request, organisations, organisationId: organisations[0].id }));
  });

  app.post('/skills/upload', hide, async (request, reply) => {
    const user = requireUser(request);
    const organisations = await curatorOrganisations(ctx, user);
    const fields: Record<string, string> = {};
    let file: { name: string; content: Buffer } | null = null;
    if (request.isMultipart()) {
      for await (const part of request.parts({ limits: { fileSize: 20 * 1024 * 1024 } })) {
        if (part.type === 'file') {
          const content = await part.toBuffer();
          if (part.fieldname === 'file' && part.filename) file = { name: part.filename, content };
        } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      }
    }
    const organisationId = fields.organisationId ?? '';
    const errors: FormErrors = {};
    if (!organisations.some((o) => o.id === organisationId)) errors.organisationId = request.t('skills:pages.editor.errors.organisation');
    if (!file?.content.length) errors.file = request.t('skills:pages.import.noFile');
    if (Object.keys(errors).length || !file) return reply.page(ImportPage({ request, organisations, organisationId, errors }), 400);
    const format = /\.csv$/i.test(file.name) ? 'csv' : 'rsd';
    try {
      const result = await importSkills(ctx, user, {
        organisationId,
        format,
        fileName: file.name,
        content: file.content,
        lang: request.lang,
      });
      reply.flash('success', request.t('skills:pages.import.done', { count: result.created + result.updated }));
      return back(reply, result.collectionId ? `/collections/${result.collectionId}` : '/skills?status=draft');
    } catch (error) {
      if (error instanceof ImportFileError) {
        const where = error.line
          ? request.t('skills:pages.import.where', { file: error.fileName, line: error.line })
          : request.t('skills:pages.import.whereFile', { file: error.fileName });
        const problem = { where, detail: importErrorMessage(request.t, error) };
        return reply.page(ImportPage({ request, organisations, organisationId, problem }), 400);
      }
      // Any other refusal of the service, next to the field it is about (the file, unless it is the organisation).
      const messages = fieldMessages(request.t, error);
      if (messages) {
        const errors = Object.fromEntries(
          Object.entries(messages).map(([field, text]) => [field === 'organisationId' ? field : 'file', text]),
        );
        return reply.page(ImportPage({ request, organisations, organisationId, errors }), 400);
      }
      throw error;
    }
  });
}
