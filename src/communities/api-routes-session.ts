import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { requireUser } from '../platform/http/auth.ts';
import { listBreakouts, listQuestions } from './breakouts/service.ts';
import { ClinicErrors } from './clinics/errors.ts';
import { type ChallengeView, gatheredChallenges, listChallenges } from './clinics/service.ts';
import { accessSession } from './notes/access.ts';
import { accessNoteSet, addBlock, blocksOfSets, listBlocks, type NoteBlockRow, notesStamp, saveBlock } from './notes/service.ts';
import { OpenSpaceErrors } from './open-space/errors.ts';
import { openSpace } from './open-space/service.ts';

const tags = ['communities'];
const Str = (max: number, description?: string) => Type.String({ maxLength: max, description });
const SlugId = Type.Object({ slug: Str(200), id: Str(100) });
const SetParams = Type.Object({ slug: Str(200), setId: Str(100) });
const iso = (d: Date | string) => new Date(d).toISOString();

function blockJson(b: NoteBlockRow & { authorName?: string }) {
  return {
    id: b.id,
    body: b.body,
    version: b.version,
    authorId: b.created_by,
    ...(b.authorName === undefined ? {} : { authorName: b.authorName }),
    createdAt: iso(b.created_at),
    updatedAt: iso(b.updated_at),
  };
}

function challengeJson(c: ChallengeView) {
  return {
    id: c.id,
    sessionId: c.session_id,
    title: c.title,
    body: c.body,
    presenter: { userId: c.presenter_id, name: c.presenterName },
    reflectionSessionId: c.reflection_session_id,
    reflectionSummary: c.reflection_summary,
    solutions: c.solutions.map((s) => ({
      id: s.id,
      userId: s.userId,
      name: s.name,
      body: s.body,
      support: s.votes,
      supportedByYou: s.mine,
      createdAt: s.createdAt.toISOString(),
    })),
  };
}

/**
 * What happens in a session, in the JSON API (members of the community; the same checks as the
 * pages): the guiding questions with their answers, the breakout groups with their notes, the
 * shared notes (read, add a block, change a block with the version it started from: 409 with the
 * newer block when someone saved in between), a clinic's challenges and solutions (a reflection's
 * gathered ones), and an open space's topics, rooms, slots and schedule.
 */
export async function sessionWorkApi(root: FastifyInstance, ctx: AppContext): Promise<void> {
  await root.register(
    async (plugin) => {
      const api = plugin.withTypeProvider<TypeBoxTypeProvider>();

      api.get(
        '/communities/:slug/sessions/:id/questions',
        { schema: { tags, summary: 'A session’s guiding questions with their answers (members)', params: SlugId } },
        async (request) => {
          const access = await accessSession(ctx, requireUser(request), request.params.slug, request.params.id, 'member');
          return {
            items: (await listQuestions(ctx, access.session.id)).map((q) => ({
              id: q.id,
              position: q.position,
              text: q.text,
              interested: q.interested,
              answers: q.answers.map((a) => ({
                id: a.id,
                userId: a.userId,
                name: a.name,
                body: a.body,
                createdAt: a.createdAt.toISOString(),
              })),
            })),
          };
        },
      );

      api.get(
        '/communities/:slug/sessions/:id/breakouts',
        {
          schema: {
            tags,
            summary: 'A session’s breakout groups: question, members, note-taker and their notes (members)',
            params: SlugId,
          },
        },
        async (request) => {
          const access = await accessSession(ctx, requireUser(request), request.params.slug, request.params.id, 'member');
          const groups = await listBreakouts(ctx, access.session.id);
          const notes = await blocksOfSets(
            ctx,
            groups.map((g) => g.note_set_id),
          );
          return {
            items: groups.map((g) => ({
              id: g.id,
              name: g.name,
              question: g.question,
              questionId: g.question_id,
              method: g.method,
              noteTaker: g.note_taker_id ? { userId: g.note_taker_id, name: g.noteTakerName } : null,
              members: g.members,
              noteSetId: g.note_set_id,
              notes: (notes.get(g.note_set_id) ?? []).map((b) => blockJson(b)),
            })),
          };
        },
      );

      api.get(
        '/communities/:slug/notes/:setId',
        {
          schema: {
            tags,
            summary: 'A breakout’s or topic’s shared notes; `stamp` changes whenever a block is added, changed or removed (members)',
            params: SetParams,
          },
        },
        async (request) => {
          const access = await accessNoteSet(ctx, requireUser(request), request.params.slug, request.params.setId, 'read');
          const blocks = await listBlocks(ctx, access.set.id);
          return {
            id: access.set.id,
            sessionId: access.set.session_id,
            scope: access.set.scope,
            ownerId: access.set.owner_id,
            canWrite: access.canWrite,
            stamp: notesStamp(blocks),
            blocks: blocks.map(blockJson),
          };
        },
      );

      api.post(
        '/communities/:slug/notes/:setId/blocks',
        {
          schema: {
            tags,
            summary: 'Add a block to the notes (append-only: never conflicts; the group’s members, facilitators; every member for a topic)',
            params: SetParams,
            body: Type.Object({ body: Str(10_000) }, { additionalProperties: false }),
          },
        },
        async (request, reply) => {
          const block = await addBlock(ctx, requireUser(request), request.params.slug, request.params.setId, request.body.body);
          return reply.status(201).send(blockJson(block));
        },
      );

      api.patch(
        '/communities/:slug/notes/:setId/blocks/:blockId',
        {
          schema: {
            tags,
            summary:
              'Change a block, giving the version you started from (an empty body removes it: 204). Someone saved it in between: 409 with the newer block in `current`',
            params: Type.Object({ slug: Str(200), setId: Str(100), blockId: Str(100) }),
            body: Type.Object({ body: Str(10_000), version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
          },
        },
        async (request, reply) => {
          const saved = await saveBlock(
            ctx,
            requireUser(request),
            request.params.slug,
            request.params.setId,
            request.params.blockId,
            request.body,
          );
          return saved ? blockJson(saved) : reply.status(204).send();
        },
      );

      api.get(
        '/communities/:slug/sessions/:id/clinic',
        {
          schema: {
            tags,
            summary:
              'A clinic’s challenges with the suggested solutions, most supported first; for a reflection session the challenges it gathers (members)',
            params: SlugId,
          },
        },
        async (request) => {
          const user = requireUser(request);
          const access = await accessSession(ctx, user, request.params.slug, request.params.id, 'member');
          const { kind, id } = access.session;
          if (kind !== 'clinic' && kind !== 'reflection') throw ClinicErrors.notAClinic();
          const challenges = kind === 'clinic' ? await listChallenges(ctx, id, user.id) : await gatheredChallenges(ctx, id, user.id);
          return { sessionId: id, kind, items: challenges.map(challengeJson) };
        },
      );

      api.get(
        '/communities/:slug/sessions/:id/open-space',
        {
          schema: {
            tags,
            summary: 'An open-space or hackathon session: rooms, slots and the topics (most voted first) with their place (members)',
            params: SlugId,
          },
        },
        async (request) => {
          const user = requireUser(request);
          const access = await accessSession(ctx, user, request.params.slug, request.params.id, 'member');
          if (access.session.kind !== 'open-space' && access.session.kind !== 'hackathon') throw OpenSpaceErrors.notOpenSpace();
          const space = await openSpace(ctx, access.session.id, user.id);
          return {
            rooms: space.rooms.map((r) => ({ id: r.id, name: r.name, position: r.position })),
            slots: space.slots.map((s) => ({ id: s.id, label: s.label, position: s.position })),
            topics: space.topics.map((t) => ({
              id: t.id,
              title: t.title,
              description: t.description,
              proposedBy: t.proposed_by,
              hosts: t.hosts,
              votes: t.votes,
              votedByYou: t.voted,
              roomId: t.room_id,
              slotId: t.slot_id,
              noteSetId: t.note_set_id,
            })),
            unscheduled: space.topics.filter((t) => !t.room_id || !t.slot_id).length,
          };
        },
      );
    },
    { prefix: '/api/v1' },
  );
}
