import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { appProblem, sendProblem } from '../../platform/http/problem.ts';
import { SkillsErrors } from '../errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { vaardigRsdContext, bundledContexts, RSD_CONTEXT_URL, VAARDIG_RSD_CONTEXT_PATH } from '../contexts/index.ts';
import { describeImportError, IMPORT_FORMATS, ImportFileError, type ImportFormat } from '../formats/index.ts';
import { exportSkills, importSkills } from './exchange.ts';

import { type Api, ExportQuery, IdParams, ImportOut, Uuid, problems, sendFile, tags } from './api-schemas.ts';

/** Exchange formats: export of skills, import of a file, the bundled RSD contexts. */
export function exchangeApiRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/skills/export',
    {
      schema: {
        tags,
        summary: 'Export a selection of skills',
        querystring: Type.Object({ ...ExportQuery.properties, ids: Type.String({ description: 'comma-separated skill ids' }) }),
        response: problems,
      },
    },
    async (request, reply) => {
      const ids = request.query.ids
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      return sendFile(reply, await exportSkills(ctx, request.user, ids, request.query.format, request.query.lang), request.query.download);
    },
  );

  app.post(
    '/api/v1/skills/import',
    {
      bodyLimit: 50 * 1024 * 1024,
      schema: {
        tags,
        summary:
          'Batch import own skills from OSMT CSV or RSD JSON (multipart field "file", or a text/csv or application/ld+json body); all or nothing',
        querystring: Type.Object({
          organisationId: Uuid,
          format: Type.Optional(Type.Union(IMPORT_FORMATS.map((f) => Type.Literal(f)))),
          collectionId: Type.Optional(Uuid),
          lang: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' })),
          fileName: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: { 201: ImportOut, ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      let content: Buffer;
      let fileName = request.query.fileName ?? 'upload';
      let format = request.query.format as ImportFormat | undefined;
      if (request.isMultipart()) {
        const file = await request.file();
        if (!file) throw PlatformErrors.required('file');
        content = await file.toBuffer();
        fileName = file.filename || fileName;
      } else if (Buffer.isBuffer(request.body)) {
        content = request.body;
        format ??= request.headers['content-type']?.startsWith('text/csv') ? 'csv' : 'rsd';
      } else throw SkillsErrors.importBody('file');
      format ??= /\.csv$/i.test(fileName) ? 'csv' : /\.json(ld)?$/i.test(fileName) ? 'rsd' : undefined;
      if (!format) throw SkillsErrors.importFormatUnknown('format');
      try {
        const result = await importSkills(ctx, user, {
          organisationId: request.query.organisationId,
          format,
          fileName,
          content,
          collectionId: request.query.collectionId,
          lang: request.query.lang,
        });
        return reply.status(201).send(result);
      } catch (error) {
        if (!(error instanceof ImportFileError)) throw error;
        // The code, field, file and line, and a detail in English that names the file and the line.
        const english = ctx.i18n.getFixedT('en');
        return sendProblem(request, reply, {
          ...appProblem(error, english),
          title: 'Invalid file',
          detail: describeImportError(english, error),
        });
      }
    },
  );

  app.get(
    '/api/v1/skills/:id/export',
    { schema: { tags, summary: 'Export one skill', params: IdParams, querystring: ExportQuery, response: problems } },
    async (request, reply) =>
      sendFile(
        reply,
        await exportSkills(ctx, request.user, [request.params.id], request.query.format, request.query.lang),
        request.query.download,
      ),
  );

  app.get(
    VAARDIG_RSD_CONTEXT_PATH,
    { schema: { tags, summary: "Vaardig's JSON-LD extension of the RSD context (translations)" } },
    async (_request, reply) => reply.type('application/ld+json').send(vaardigRsdContext),
  );
  app.get(
    '/api/v1/contexts/rsd-context-v1.json',
    { schema: { tags, summary: 'The bundled RSD JSON-LD context' } },
    async (_request, reply) => reply.type('application/ld+json').send(bundledContexts[RSD_CONTEXT_URL]),
  );
}
