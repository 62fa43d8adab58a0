import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { fieldMessages, wantsJson } from '../../platform/http/problem.ts';
import { NoteErrors } from './errors.ts';
import { EditBlockPage, NotesList } from './pages.tsx';
import type { NoteScope } from './schema.ts';
import { accessNoteSet, addBlock, findBlock, listBlocks, type NoteSetAccess, notesStamp, ownerUrl, saveBlock } from './service.ts';

/** Renders the page a set of notes lives on (a breakout's, a topic's), with the add form's errors. */
export type NotesOwnerPage = (
  ctx: AppContext,
  request: FastifyRequest,
  access: NoteSetAccess,
  form: { errors: Record<string, string>; draft: string },
) => Promise<string>;

const owners = new Map<NoteScope, NotesOwnerPage>();

/** The breakouts and open-space parts register the pages their notes live on. */
export function registerNotesOwner(scope: NoteScope, page: NotesOwnerPage): void {
  owners.set(scope, page);
}

type Params = { slug: string; setId: string };
type BlockParams = Params & { blockId: string };

const bodyOf = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' ? value.slice(0, 20_000) : '');

/** `/communities/:slug/notes/:setId`: the live list, adding a block, changing one (409 on a stale version). */
export function notesRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: Params; Querystring: { since?: string } }>('/communities/:slug/notes/:setId', async (request, reply) => {
    const access = await accessNoteSet(ctx, requireUser(request), request.params.slug, request.params.setId, 'read');
    const blocks = await listBlocks(ctx, access.set.id);
    reply.header('cache-control', 'private, no-store');
    if (wantsJson(request))
      return {
        id: access.set.id,
        stamp: notesStamp(blocks),
        blocks: blocks.map(({ id, body, version, authorName, updated_at }) => ({
          id,
          body,
          version,
          author: authorName,
          updatedAt: updated_at,
        })),
      };
    if (request.query.since && request.query.since === notesStamp(blocks)) return reply.status(204).send();
    reply.type('text/html; charset=utf-8');
    return NotesList({ request, access, blocks });
  });

  app.post<{ Params: Params }>('/communities/:slug/notes/:setId', async (request, reply) => {
    const { slug, setId } = request.params;
    const draft = str(bodyOf(request).body);
    try {
      const block = await addBlock(ctx, requireUser(request), slug, setId, draft);
      if (wantsJson(request)) return reply.status(201).send({ id: block.id, version: block.version });
      const access = await accessNoteSet(ctx, request.user, slug, setId, 'read');
      return reply.redirect(`${ownerUrl(access.community.slug, access.set)}#notes-heading`, 303);
    } catch (error) {
      const errors = fieldMessages(request.t, error);
      if (!errors || wantsJson(request) || (error as AppError).status !== 400) throw error;
      const access = await accessNoteSet(ctx, request.user, slug, setId, 'write');
      const page = owners.get(access.set.scope);
      if (!page) throw error;
      return reply.page(await page(ctx, request, access, { errors, draft }), 400);
    }
  });

  app.get<{ Params: BlockParams }>('/communities/:slug/notes/:setId/blocks/:blockId/edit', async (request, reply) => {
    const access = await accessNoteSet(ctx, requireUser(request), request.params.slug, request.params.setId, 'write');
    const block = await findBlock(ctx, access.set.id, request.params.blockId);
    return reply.page(EditBlockPage({ request, access, block, body: block.body }));
  });

  app.post<{ Params: BlockParams }>('/communities/:slug/notes/:setId/blocks/:blockId', async (request, reply) => {
    const { slug, setId, blockId } = request.params;
    const body = str(bodyOf(request).body);
    try {
      const saved = await saveBlock(ctx, requireUser(request), slug, setId, blockId, { body, version: bodyOf(request).version });
      if (wantsJson(request)) return saved ? { id: saved.id, version: saved.version } : reply.status(204).send();
      const access = await accessNoteSet(ctx, request.user, slug, setId, 'read');
      reply.flash('success', request.t(saved ? 'communities:notes.saved' : 'communities:notes.removed'));
      return reply.redirect(`${ownerUrl(access.community.slug, access.set)}#notes-heading`, 303);
    } catch (error) {
      const errors = fieldMessages(request.t, error);
      if (!errors || wantsJson(request) || !(error instanceof AppError) || ![400, 409].includes(error.status)) throw error;
      const access = await accessNoteSet(ctx, request.user, slug, setId, 'write');
      if (error.code === NoteErrors.noteConflict.code) {
        const current = error.extra.current as { id: string; body: string; version: number } | null;
        // Removed meanwhile: the text can be added again as a new block.
        if (!current) return reply.redirect(`${ownerUrl(access.community.slug, access.set)}#notes-heading`, 303);
        return reply.page(EditBlockPage({ request, access, block: current, body, errors, newer: true }), 409);
      }
      const block = await findBlock(ctx, access.set.id, blockId);
      return reply.page(EditBlockPage({ request, access, block, body, errors }), 400);
    }
  });
}
