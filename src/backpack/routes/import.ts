import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import type { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { fieldMessages, wantsJson } from '../../platform/http/problem.ts';
import { E } from '../errors.ts';
import { type ImportInput, importBadge } from '../imports.ts';
import { ImportPage } from '../pages/import.tsx';

/** One file of at most 10 MB (a baked image), text fields of at most 1 MB (a credential's JSON or JWS). */
const MAX_FILE = 10 * 1024 * 1024;
const MAX_FIELD = 1024 * 1024;

/** Reads the import form (multipart): the CSRF token is checked as the body is read, before the file. */
export async function readImportForm(request: FastifyRequest): Promise<ImportInput> {
  const out: ImportInput = {};
  for await (const part of request.parts({ limits: { fileSize: MAX_FILE, files: 1, fieldSize: MAX_FIELD, fields: 10 } })) {
    if (part.type === 'file') {
      let buffer: Buffer;
      try {
        buffer = await part.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw E.importTooLarge('file', { max: 10 });
        throw error;
      }
      if (part.file.truncated) throw E.importTooLarge('file', { max: 10 });
      if (buffer.length) out.file = buffer;
    } else {
      if (part.valueTruncated) throw E.importTooLarge(part.fieldname === 'url' ? 'url' : 'text', { max: 1 });
      if (part.fieldname === 'text' && typeof part.value === 'string') out.text = part.value;
      if (part.fieldname === 'url' && typeof part.value === 'string') out.url = part.value;
    }
  }
  return out;
}

/** `/backpack/import`: the form, and importing what it sends (verified, recipient checked). */
export function importRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Verifying may fetch and costs time: a limit per client like /verify's.
  const limited = { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } };

  app.get('/backpack/import', async (request, reply) => {
    requireUser(request);
    return reply.page(ImportPage({ request }));
  });

  app.post('/backpack/import', limited, async (request, reply) => {
    const user = requireUser(request);
    let input: ImportInput = {};
    try {
      if (!request.isMultipart()) throw E.importNothing('file');
      input = await readImportForm(request);
      const item = await importBadge(ctx, user.id, input);
      reply.flash('success', request.t('backpack:import.done', { name: item.name }));
      return reply.redirect(`/backpack/items/${item.id}`, 303);
    } catch (error) {
      const errors = fieldMessages(request.t, error);
      if (!errors || wantsJson(request)) throw error;
      return reply.page(ImportPage({ request, values: { text: input.text, url: input.url }, errors }), (error as AppError).status);
    }
  });
}
