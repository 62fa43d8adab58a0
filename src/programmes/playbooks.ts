/**
 * Playbooks: knowledge pages attached to a programme, for the people who run and follow it
 * (managers, assessors, enrolled participants). Every change is a new version; older versions stay
 * readable, and a change made from an older version than the page's is refused (409).
 */
import type { Selectable } from 'kysely';
import type { CurrentUser } from '../accounts/api.ts';
import type { AppContext } from '../platform/context.ts';
import { type AppError, invalidFields, PlatformErrors } from '../platform/errors.ts';
import { access, type Access, insider, isUuid } from './access.ts';
import { type Person, people } from './cohorts.ts';
import { E } from './errors.ts';
import type { ProgrammePlaybookPagesTable, ProgrammePlaybookVersionsTable } from './schema.ts';

export const MAX_BODY = 50_000;

export interface PlaybookPage {
  id: string;
  programmeId: string;
  title: string;
  body: string;
  version: number;
  /** The latest version (equal to `version` unless an older one is shown). */
  latest: number;
  editedBy: Person | null;
  updatedAt: Date;
}

export interface PageVersion {
  version: number;
  title: string;
  editedBy: Person | null;
  createdAt: Date;
}

/** Who may read a playbook: the programme's insiders. */
async function readAccess(ctx: AppContext, user: CurrentUser | null, programmeId: string): Promise<Access> {
  if (!user) throw PlatformErrors.unauthorized();
  const found = await access(ctx, user, programmeId);
  if (!insider(found)) throw PlatformErrors.forbidden();
  return found;
}

/** Who may write: managers and assessors. */
async function writeAccess(ctx: AppContext, user: CurrentUser | null, programmeId: string): Promise<Access> {
  const found = await readAccess(ctx, user, programmeId);
  if (!found.manager && found.assessorOf.length === 0) throw PlatformErrors.forbidden();
  return found;
}

export const mayEditPlaybook = (found: Access) => found.manager || found.assessorOf.length > 0;

async function pageRow(ctx: AppContext, pageId: string): Promise<Selectable<ProgrammePlaybookPagesTable>> {
  const row = isUuid(pageId)
    ? await ctx.db.selectFrom('programme_playbook_pages').selectAll().where('id', '=', pageId).executeTakeFirst()
    : undefined;
  if (!row) throw E.pageNotFound('id');
  return row;
}

function check(input: { title?: string; body?: string }) {
  const errors: AppError[] = [];
  const title = typeof input.title === 'string' ? input.title.trim() : '';
  const body = typeof input.body === 'string' ? input.body.replace(/\r\n/g, '\n').trim() : '';
  if (!title) errors.push(PlatformErrors.required('title'));
  else if (title.length > 200) errors.push(PlatformErrors.tooLong('title', { max: 200 }));
  if (!body) errors.push(PlatformErrors.required('body'));
  else if (body.length > MAX_BODY) errors.push(PlatformErrors.tooLong('body', { max: MAX_BODY }));
  if (errors.length) throw invalidFields(errors);
  return { title, body };
}

export async function playbookOf(
  ctx: AppContext,
  user: CurrentUser | null,
  programmeId: string,
): Promise<{ access: Access; pages: PlaybookPage[] }> {
  const found = await readAccess(ctx, user, programmeId);
  const rows = await ctx.db
    .selectFrom('programme_playbook_pages')
    .selectAll()
    .where('programme_id', '=', found.programme.id)
    .orderBy('title')
    .execute();
  const who = await people(
    ctx,
    rows.flatMap((r) => (r.updated_by ? [r.updated_by] : [])),
  );
  return {
    access: found,
    pages: rows.map((r) => ({
      id: r.id,
      programmeId: r.programme_id,
      title: r.title,
      body: r.body,
      version: r.version,
      latest: r.version,
      editedBy: r.updated_by ? (who.get(r.updated_by) ?? null) : null,
      updatedAt: r.updated_at as Date,
    })),
  };
}

export async function createPage(
  ctx: AppContext,
  user: CurrentUser | null,
  programmeId: string,
  input: { title?: string; body?: string },
): Promise<PlaybookPage> {
  const found = await writeAccess(ctx, user, programmeId);
  const { title, body } = check(input);
  const me = user as CurrentUser;
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('programme_playbook_pages')
      .values({ programme_id: found.programme.id, title, body, version: 1, updated_by: me.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('programme_playbook_versions').values({ page_id: row.id, version: 1, title, body, edited_by: me.id }).execute();
    return row.id;
  });
  return (await getPage(ctx, user, id)).page;
}

/** A page at its latest version, or at an older one. */
export async function getPage(
  ctx: AppContext,
  user: CurrentUser | null,
  pageId: string,
  version?: number,
): Promise<{ access: Access; page: PlaybookPage }> {
  if (!user) throw PlatformErrors.unauthorized();
  const row = await pageRow(ctx, pageId);
  const found = await readAccess(ctx, user, row.programme_id).catch((error) => {
    if ((error as AppError).status === 404) throw E.pageNotFound('id');
    throw error;
  });
  let shown: { title: string; body: string; version: number; by: string | null; at: Date } = {
    title: row.title,
    body: row.body,
    version: row.version,
    by: row.updated_by,
    at: row.updated_at as Date,
  };
  if (version !== undefined && version !== row.version) {
    const old: Selectable<ProgrammePlaybookVersionsTable> | undefined = Number.isInteger(version)
      ? await ctx.db
          .selectFrom('programme_playbook_versions')
          .selectAll()
          .where('page_id', '=', row.id)
          .where('version', '=', version)
          .executeTakeFirst()
      : undefined;
    if (!old) throw E.versionNotFound('version');
    shown = { title: old.title, body: old.body, version: old.version, by: old.edited_by, at: old.created_at as Date };
  }
  const who = await people(ctx, shown.by ? [shown.by] : []);
  return {
    access: found,
    page: {
      id: row.id,
      programmeId: row.programme_id,
      title: shown.title,
      body: shown.body,
      version: shown.version,
      latest: row.version,
      editedBy: shown.by ? (who.get(shown.by) ?? null) : null,
      updatedAt: shown.at,
    },
  };
}

/** A new version of the page; `version` is the one the editor started from. */
export async function updatePage(
  ctx: AppContext,
  user: CurrentUser | null,
  pageId: string,
  input: { title?: string; body?: string; version?: number },
): Promise<PlaybookPage> {
  if (!user) throw PlatformErrors.unauthorized();
  const row = await pageRow(ctx, pageId);
  await writeAccess(ctx, user, row.programme_id).catch((error) => {
    if ((error as AppError).status === 404) throw E.pageNotFound('id');
    throw error;
  });
  const { title, body } = check(input);
  if (input.version === undefined || !Number.isInteger(input.version)) throw PlatformErrors.required('version');
  if (input.version !== row.version) throw E.pageChanged('version', { version: row.version });
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('programme_playbook_pages')
      .set({ title, body, version: row.version + 1, updated_by: user.id, updated_at: new Date() })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .returning('version')
      .executeTakeFirst();
    if (!updated) throw E.pageChanged('version', { version: row.version + 1 });
    await trx
      .insertInto('programme_playbook_versions')
      .values({ page_id: row.id, version: updated.version, title, body, edited_by: user.id })
      .execute();
  });
  return (await getPage(ctx, user, row.id)).page;
}

/** Every version of a page, newest first. */
export async function pageHistory(
  ctx: AppContext,
  user: CurrentUser | null,
  pageId: string,
): Promise<{ access: Access; page: PlaybookPage; versions: PageVersion[] }> {
  const { access: found, page } = await getPage(ctx, user, pageId);
  const rows = await ctx.db
    .selectFrom('programme_playbook_versions')
    .select(['version', 'title', 'edited_by', 'created_at'])
    .where('page_id', '=', page.id)
    .orderBy('version', 'desc')
    .execute();
  const who = await people(
    ctx,
    rows.flatMap((r) => (r.edited_by ? [r.edited_by] : [])),
  );
  return {
    access: found,
    page,
    versions: rows.map((r) => ({
      version: r.version,
      title: r.title,
      editedBy: r.edited_by ? (who.get(r.edited_by) ?? null) : null,
      createdAt: r.created_at as Date,
    })),
  };
}
