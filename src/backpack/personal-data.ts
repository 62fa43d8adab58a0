import { listAddresses } from '../accounts/api.ts';
import type { AppContext } from '../platform/context.ts';
import { randomToken } from '../platform/crypto.ts';
import type { DataSubject, Locale, PersonalDataHook } from '../platform/module.ts';
import { E } from './errors.ts';
import { allItems, type BackpackItemDetail, forgetSynced, isUuid } from './items.ts';

/**
 * "Download everything Vaardig holds about me" and "delete my account" (docs/personal-data.md).
 * Every module that holds rows about a person says so with its `personalData` hook; this file
 * asks each of them: the export (a zip: the rows as JSON, and the badges as files) is built by a
 * job with progress; the deletion erases in reverse module order (the account last), and the
 * credentials that issuers issued stay valid, recorded as issued to a pseudonym.
 */

export const EXPORT_JOB = 'backpack-export';
/** How long a finished download is kept. */
export const EXPORT_DAYS = 7;

/** The backpack's own rows about a person. */
export const backpackPersonalData: PersonalDataHook = {
  tables: ['backpack_items', 'backpack_collections', 'backpack_collection_items', 'backpack_profiles', 'backpack_exports'],

  async export(ctx, { userId }) {
    const db = ctx.db;
    const [items, collections, collectionItems, profiles, exports] = await Promise.all([
      db.selectFrom('backpack_items').selectAll().where('user_id', '=', userId).orderBy('created_at').execute(),
      db.selectFrom('backpack_collections').selectAll().where('user_id', '=', userId).orderBy('position').execute(),
      db
        .selectFrom('backpack_collection_items')
        .innerJoin('backpack_collections', 'backpack_collections.id', 'backpack_collection_items.collection_id')
        .select(['backpack_collection_items.collection_id', 'backpack_collection_items.item_id', 'backpack_collection_items.position'])
        .where('backpack_collections.user_id', '=', userId)
        .execute(),
      db.selectFrom('backpack_profiles').selectAll().where('user_id', '=', userId).execute(),
      db
        .selectFrom('backpack_exports')
        .select(['id', 'status', 'lang', 'size', 'created_at', 'finished_at', 'expires_at'])
        .where('user_id', '=', userId)
        .execute(),
    ]);
    return {
      backpack_items: items,
      backpack_collections: collections,
      backpack_collection_items: collectionItems,
      backpack_profiles: profiles,
      backpack_exports: exports,
    };
  },

  async erase(ctx, { userId }) {
    await ctx.db.transaction().execute(async (trx) => {
      // Collection items go with their collections (cascade).
      await trx.deleteFrom('backpack_collections').where('user_id', '=', userId).execute();
      await trx.deleteFrom('backpack_items').where('user_id', '=', userId).execute();
      await trx.deleteFrom('backpack_profiles').where('user_id', '=', userId).execute();
      await trx.deleteFrom('backpack_exports').where('user_id', '=', userId).execute();
    });
    forgetSynced(ctx, userId);
  },
};

/** The person as the modules see them: the account and the addresses it confirmed. */
export async function dataSubject(ctx: AppContext, userId: string): Promise<DataSubject> {
  const addresses = await listAddresses(ctx.db, userId);
  return { userId, emails: addresses.filter((a) => a.confirmed).map((a) => a.email.trim().toLowerCase()) };
}

/** Every module's rows about the person, by module and table, with the tables each module says it holds. */
export async function collectPersonalData(
  ctx: AppContext,
  subject: DataSubject,
  onModule?: () => Promise<void>,
): Promise<Record<string, Record<string, unknown[]>>> {
  const out: Record<string, Record<string, unknown[]>> = {};
  for (const module of ctx.modules) {
    if (!module.personalData) continue;
    const rows = await module.personalData.export(ctx, subject);
    out[module.name] = Object.fromEntries(module.personalData.tables.map((t) => [t, rows[t] ?? []]));
    await onModule?.();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The download, built by a job

export interface ExportStatus {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  done: number;
  total: number;
  size: number | null;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date;
}

type ExportRow = {
  id: string;
  status: ExportStatus['status'];
  done: number;
  total: number;
  size: number | null;
  created_at: Date;
  finished_at: Date | null;
  expires_at: Date;
};

const toStatus = (r: ExportRow): ExportStatus => ({
  id: r.id,
  status: r.status,
  done: r.done,
  total: r.total,
  size: r.size,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
  expiresAt: r.expires_at,
});

const STATUS_COLUMNS = ['id', 'status', 'done', 'total', 'size', 'created_at', 'finished_at', 'expires_at'] as const;

/** The person's latest export that has not expired, if any. */
export async function latestExport(ctx: AppContext, userId: string): Promise<ExportStatus | null> {
  const row = await ctx.db
    .selectFrom('backpack_exports')
    .select([...STATUS_COLUMNS])
    .where('user_id', '=', userId)
    .where('expires_at', '>', new Date())
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toStatus(row) : null;
}

export async function exportStatus(ctx: AppContext, userId: string, id: string): Promise<ExportStatus> {
  if (!isUuid(id)) throw E.exportNotFound('id');
  const row = await ctx.db
    .selectFrom('backpack_exports')
    .select([...STATUS_COLUMNS])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  if (!row) throw E.exportNotFound('id');
  return toStatus(row);
}

/** Starts building a download of the person's data (one at a time). */
export async function startExport(ctx: AppContext, userId: string, lang: Locale): Promise<ExportStatus> {
  const latest = await latestExport(ctx, userId);
  if (latest && (latest.status === 'queued' || latest.status === 'running')) throw E.exportRunning('export');
  const row = await ctx.db
    .insertInto('backpack_exports')
    .values({ user_id: userId, status: 'queued', lang, expires_at: new Date(Date.now() + EXPORT_DAYS * 86_400_000) })
    .returning([...STATUS_COLUMNS])
    .executeTakeFirstOrThrow();
  await ctx.jobs.send(EXPORT_JOB, { exportId: row.id });
  return toStatus(row);
}

/** The finished zip of one of the person's exports. */
export async function exportFile(ctx: AppContext, userId: string, id: string): Promise<{ file: Buffer; createdAt: Date }> {
  const status = await exportStatus(ctx, userId, id);
  if (status.status !== 'done') throw E.exportNotReady('id');
  const row = await ctx.db
    .selectFrom('backpack_exports')
    .select(['file'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row?.file) throw E.exportNotReady('id');
  return { file: Buffer.from(row.file), createdAt: status.createdAt };
}

const slug = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50) || 'badge';

/** The files of one badge in the zip: the credential as signed (JSON, JWT) and the file it was imported as. */
function badgeFiles(item: BackpackItemDetail, n: number, original: { original: string | null; type: string | null } | undefined) {
  const base = `badges/${String(n).padStart(3, '0')}-${slug(item.name)}`;
  const files: { name: string; data: Buffer }[] = [{ name: `${base}.json`, data: Buffer.from(JSON.stringify(item.document, null, 2)) }];
  if (item.jwt) files.push({ name: `${base}.jwt`, data: Buffer.from(item.jwt) });
  if (original?.original && original.type === 'png') files.push({ name: `${base}.png`, data: Buffer.from(original.original, 'base64') });
  if (original?.original && original.type === 'svg') files.push({ name: `${base}.svg`, data: Buffer.from(original.original) });
  return files;
}

/**
 * Builds the zip of one export: `personal-data.json` (every module's rows about the person),
 * `badges/` (each badge as files) and a read-me. Safe to run twice: it starts over and overwrites.
 */
export async function runExport(ctx: AppContext, exportId: string): Promise<void> {
  const row = await ctx.db
    .selectFrom('backpack_exports')
    .select(['id', 'user_id', 'status', 'lang'])
    .where('id', '=', exportId)
    .executeTakeFirst();
  if (!row || row.status === 'done') return;
  const { default: yazl } = await import('yazl');
  const subject = await dataSubject(ctx, row.user_id);
  const items = await allItems(ctx, row.user_id);
  const modules = ctx.modules.filter((m) => m.personalData).length;
  let done = 0;
  const progress = async (step = 1) => {
    done += step;
    await ctx.db.updateTable('backpack_exports').set({ done }).where('id', '=', exportId).execute();
  };
  await ctx.db
    .updateTable('backpack_exports')
    .set({ status: 'running', done: 0, total: modules + items.length })
    .where('id', '=', exportId)
    .execute();
  try {
    const data = await collectPersonalData(ctx, subject, () => progress());
    const originals = new Map(
      (
        await ctx.db.selectFrom('backpack_items').select(['id', 'original', 'original_type']).where('user_id', '=', row.user_id).execute()
      ).map((r) => [r.id, { original: r.original, type: r.original_type }]),
    );
    const zip = new yazl.ZipFile();
    const t = ctx.i18n.getFixedT(row.lang, 'backpack');
    zip.addBuffer(Buffer.from(`${t('data.readme', { date: new Date().toISOString() })}\n`), 'README.txt');
    zip.addBuffer(
      Buffer.from(JSON.stringify({ exportedAt: new Date().toISOString(), person: subject, modules: data }, null, 2)),
      'personal-data.json',
    );
    for (const [i, item] of items.entries()) {
      for (const file of badgeFiles(item, i + 1, originals.get(item.id))) zip.addBuffer(file.data, file.name);
      if (i % 10 === 9 || i === items.length - 1) await progress(i % 10 === 9 ? 10 : (i % 10) + 1);
    }
    zip.end();
    const chunks: Buffer[] = [];
    for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
    const file = Buffer.concat(chunks);
    await ctx.db
      .updateTable('backpack_exports')
      .set({ status: 'done', file, size: file.length, done: modules + items.length, finished_at: new Date() })
      .where('id', '=', exportId)
      .execute();
  } catch (error) {
    ctx.log.error({ err: error, export: exportId }, 'backpack: the export failed');
    await ctx.db
      .updateTable('backpack_exports')
      .set({ status: 'failed', error_code: 'backpack:errors.exportNotReady', finished_at: new Date() })
      .where('id', '=', exportId)
      .execute();
  }
}

/** Removes the files of expired exports. */
export async function removeExpiredExports(ctx: AppContext): Promise<void> {
  await ctx.db.deleteFrom('backpack_exports').where('expires_at', '<', new Date()).execute();
}

// ---------------------------------------------------------------------------------------------
// Deleting the account

/**
 * Deletes the person's account and everything Vaardig holds about them, module by module in
 * reverse order (the account last). The credentials issued to their confirmed addresses stay
 * valid at their issuers, recorded as issued to a pseudonym. `confirm` must be the primary address.
 */
export async function deleteAccount(ctx: AppContext, user: { id: string; email: string }, confirm: string): Promise<{ pseudonym: string }> {
  if (confirm.trim().toLowerCase() !== user.email.trim().toLowerCase()) throw E.confirmMismatch('confirm');
  const subject = await dataSubject(ctx, user.id);
  const pseudonym = `erased-${randomToken(12)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')}@pseudonym.invalid`;
  for (const module of [...ctx.modules].reverse()) await module.personalData?.erase(ctx, subject, pseudonym);
  ctx.log.info({ pseudonym }, 'an account was deleted at its owner’s request');
  return { pseudonym };
}
