import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { ErrorSummary, Field, type FormErrors, PostForm } from '../../platform/pages/forms.tsx';
import { formatDateTime } from '../../platform/pages/format.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import { Paragraphs, tr } from '../pages/components.tsx';
import type { NoteBlockRow, NoteBlockView, NoteSetAccess } from './service.ts';
import { notesStamp, ownerUrl } from './service.ts';

export function notesBase(access: NoteSetAccess): string {
  return `/communities/${encodeURIComponent(access.community.slug)}/notes/${access.set.id}`;
}

/**
 * The list of blocks that updates itself: htmx asks for it every 2 seconds with the stamp of what
 * it shows, and the server answers 204 (nothing to swap) until a block is added, changed or
 * removed. Only the list is swapped: the form to add a block sits outside it, so typing is never
 * interrupted. Without JavaScript the list is as fresh as the page.
 */
export function NotesList({ request, access, blocks }: { request: FastifyRequest; access: NoteSetAccess; blocks: NoteBlockView[] }) {
  const base = notesBase(access);
  const stamp = notesStamp(blocks);
  return (
    <div id="notes-live" class="notes-live" data-stamp={stamp} hx-get={`${base}?since=${stamp}`} hx-trigger="every 2s" hx-swap="outerHTML">
      {blocks.length === 0 ? (
        <p>{escapeHtml(tr(request, 'notes.none'))}</p>
      ) : (
        <ol class="note-blocks">
          {blocks.map((b) => (
            <li class="note-block" id={`block-${b.id}`}>
              <Paragraphs text={b.body} />
              <p class="meta">
                {escapeHtml(
                  tr(request, b.updated_by && b.updated_by !== b.created_by ? 'notes.byEdited' : 'notes.by', {
                    name: b.authorName,
                    editor: b.editorName,
                    when: formatDateTime(request, b.updated_at),
                  }),
                )}
                {access.canWrite ? (
                  <>
                    {' '}
                    <a href={`${base}/blocks/${b.id}/edit`}>{escapeHtml(tr(request, 'notes.edit'))}</a>
                  </>
                ) : (
                  ''
                )}
              </p>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** The notes section of a breakout's or topic's page: the live list and, for writers, the form to add a block. */
export function NotesSection({
  request,
  access,
  blocks,
  errors,
  draft,
}: {
  request: FastifyRequest;
  access: NoteSetAccess;
  blocks: NoteBlockView[];
  errors?: FormErrors;
  draft?: string;
}) {
  return (
    <section class="panel" aria-labelledby="notes-heading">
      <h2 id="notes-heading">{escapeHtml(tr(request, 'notes.title'))}</h2>
      <p class="hint">{escapeHtml(tr(request, 'notes.live'))}</p>
      <NotesList request={request} access={access} blocks={blocks} />
      {access.canWrite ? (
        <PostForm request={request} action={notesBase(access)}>
          <ErrorSummary request={request} errors={errors} />
          <Field
            name="body"
            label={tr(request, 'notes.add')}
            hint={tr(request, 'notes.addHint')}
            value={draft}
            errors={errors}
            multiline
            required
          />
          <button type="submit">{escapeHtml(tr(request, 'notes.addButton'))}</button>
        </PostForm>
      ) : (
        <p>{escapeHtml(tr(request, 'notes.readOnly'))}</p>
      )}
    </section>
  );
}

/** Changing one block; after a conflict it shows the newer text and keeps the writer's own in the box. */
export function EditBlockPage({
  request,
  access,
  block,
  body,
  errors,
  newer,
}: {
  request: FastifyRequest;
  access: NoteSetAccess;
  block: Pick<NoteBlockRow, 'id' | 'body' | 'version'>;
  body: string;
  errors?: FormErrors;
  newer?: boolean;
}) {
  const back = ownerUrl(access.community.slug, access.set);
  return (
    <Layout request={request} title={tr(request, 'notes.editTitle')}>
      <h1>{escapeHtml(tr(request, 'notes.editTitle'))}</h1>
      {newer ? (
        <section class="panel conflict" aria-labelledby="newer-heading">
          <h2 id="newer-heading">{escapeHtml(tr(request, 'notes.newerTitle'))}</h2>
          <p>{escapeHtml(tr(request, 'notes.newerIntro'))}</p>
          <blockquote class="newer-text">
            <Paragraphs text={block.body} />
          </blockquote>
        </section>
      ) : (
        ''
      )}
      <PostForm request={request} action={`${notesBase(access)}/blocks/${block.id}`}>
        <ErrorSummary request={request} errors={errors} />
        <input type="hidden" name="version" value={String(block.version)} />
        <Field
          name="body"
          label={tr(request, 'notes.text')}
          hint={tr(request, 'notes.emptyRemoves')}
          value={body}
          errors={errors}
          multiline
        />
        <p class="actions">
          <button type="submit">{escapeHtml(tr(request, 'notes.save'))}</button>
          <a href={back}>{escapeHtml(tr(request, 'notes.back'))}</a>
        </p>
      </PostForm>
    </Layout>
  );
}
