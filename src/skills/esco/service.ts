import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Database } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { SkillsErrors } from '../errors.ts';
import { labelRowsFor, replaceLabels } from '../labels.ts';
import type { LangList, LangMap, SkillImportsTable } from '../schema.ts';
import { COLLECTION_NAMES, type EscoDataset, readDataset } from './dataset.ts';
import { type PaceOptions, Pacer } from './pace.ts';
import { listSources } from './reader.ts';

export { describeEscoError, EscoFileError } from './reader.ts';

export interface ImportProgress {
  phase: string;
  done: number;
  total: number;
}

export interface ImportOptions {
  /** Called after every batch; throwing from it stops the import (the run is marked failed). */
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  /** An existing skill_imports row to report on (a queued job's); otherwise one is created. */
  importId?: string;
  startedBy?: string | null;
  /** How the writes are paced (the defaults keep pages answering; the benchmark compares others). */
  pace?: Partial<PaceOptions>;
}

export interface ImportResult {
  importId: string;
  counts: Record<string, number>;
  ms: number;
}

/** The folders `vaardig skills import-esco` and the import page use when given no paths. */
export function defaultEscoPaths(dataDir: string): string[] {
  return [join(dataDir, 'esco', 'v1.1.1'), join(dataDir, 'esco', 'v1.1.x-nl-partial')].filter((p) => existsSync(p));
}

/** Creates a queued import run (for the job); importEsco then reports on it. */
export async function createImportRun(
  db: Kysely<Database>,
  paths: string[],
  startedBy: string | null,
  status: 'queued' | 'running' = 'queued',
) {
  const row = await db
    .insertInto('skill_imports')
    .values({
      kind: 'esco',
      status,
      phase: null,
      done: 0,
      total: 0,
      paths: JSON.stringify(paths) as any,
      counts: JSON.stringify({}) as any,
      started_by: startedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type ImportRun = Selectable<SkillImportsTable>;

export async function getImportRun(db: Kysely<Database>, id: string): Promise<ImportRun> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw SkillsErrors.importRunNotFound('id');
  const row = await db.selectFrom('skill_imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw SkillsErrors.importRunNotFound('id');
  return row;
}

export async function listImportRuns(db: Kysely<Database>, limit = 20): Promise<ImportRun[]> {
  return await db.selectFrom('skill_imports').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
}

/** Row counts of the ESCO part of the library (what a second import must leave equal). */
export async function escoCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const { rows } = await sql<Record<string, number>>`
    select
      (select count(*)::int from skills where source = 'esco' and kind = 'skill') as skills,
      (select count(*)::int from skills where source = 'esco' and kind = 'group') as groups,
      (select count(*)::int from isco_groups) as "iscoGroups",
      (select count(*)::int from occupations where external_uri is not null) as occupations,
      (select count(*)::int from skill_broader) as broader,
      (select count(*)::int from occupation_skills) as "occupationSkills",
      (select count(*)::int from skill_relations) as "skillRelations",
      (select count(*)::int from collections where external_key is not null) as collections,
      (select count(*)::int from collection_skills cs join collections c on c.id = cs.collection_id where c.external_key is not null) as "collectionSkills",
      (select count(*)::int from skill_labels l join skills s on s.id = l.skill_id where s.source = 'esco') as labels
  `.execute(db);
  return rows[0]!;
}

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

/**
 * Imports ESCO CSV downloads (zips or folders, any languages, joined on conceptUri) into the
 * skills library. Everything is read and validated first (a bad file changes nothing); then the
 * concepts are upserted on their URI in batches, each skill batch together with its labels in one
 * transaction, and the relations inserted idempotently, so a rerun after a crash finishes the job
 * without duplicates, and a second import of the same files changes nothing. The batches are
 * paced (`Pacer`): each holds the database for tens of milliseconds and is followed by a pause, so
 * pages keep answering while an import runs (on PGlite the database shares this thread).
 */
export async function importEsco(ctx: Pick<AppContext, 'db'>, paths: string[], options: ImportOptions = {}): Promise<ImportResult> {
  const { db } = ctx;
  const started = Date.now();
  const importId = options.importId ?? (await createImportRun(db, paths, options.startedBy ?? null, 'running'));
  await db
    .updateTable('skill_imports')
    .set({ status: 'running', phase: 'reading', error: null, error_code: null, error_params: null })
    .where('id', '=', importId)
    .execute();
  let lastWrite = 0;
  const progress = async (phase: string, done: number, total: number, force = false) => {
    const now = Date.now();
    if (force || now - lastWrite > 500) {
      lastWrite = now;
      await db.updateTable('skill_imports').set({ phase, done, total }).where('id', '=', importId).execute();
    }
    await options.onProgress?.({ phase, done, total });
  };
  try {
    const { sources, close } = await listSources(paths);
    let data: EscoDataset;
    try {
      data = await readDataset(sources, (i, n) => {
        // Reading is synchronous per file; progress is reported between files.
        void options.onProgress?.({ phase: 'reading', done: i, total: n });
      });
    } finally {
      close();
    }
    const counts = await writeDataset(db, data, progress, new Pacer(options.pace));
    counts.files = data.files;
    counts.rows = data.rows;
    await db
      .updateTable('skill_imports')
      .set({ status: 'done', phase: 'done', counts: JSON.stringify(counts) as any, finished_at: new Date() })
      .where('id', '=', importId)
      .execute();
    return { importId, counts, ms: Date.now() - started };
  } catch (error) {
    const coded = error instanceof AppError ? { error_code: error.code, error_params: JSON.stringify(error.params) as any } : {};
    await db
      .updateTable('skill_imports')
      .set({ status: 'failed', error: (error as Error).message.slice(0, 2000), ...coded, finished_at: new Date() })
      .where('id', '=', importId)
      .execute()
      .catch(() => {});
    throw error;
  }
}

type Progress = (phase: string, done: number, total: number, force?: boolean) => Promise<void>;

async function writeDataset(db: Kysely<Database>, data: EscoDataset, progress: Progress, pacer: Pacer): Promise<Record<string, number>> {
  const counts: Record<string, number> = { inserted: 0, updated: 0, unchanged: 0, skipped: 0 };
  const concepts = [...data.concepts.values()];
  const total =
    concepts.length +
    data.iscoGroups.size +
    data.occupations.size +
    data.broader.size +
    data.occupationSkills.size +
    data.skillRelations.size +
    [...data.collections.values()].reduce((n, s) => n + s.size, 0);
  let done = 0;
  const step = async (phase: string, n: number) => {
    done += n;
    await progress(phase, done, total);
  };
  await progress('skills', 0, total, true);

  // Skills and groups: upsert on the URI, only rows that change; labels in the same transaction.
  const skillIds = new Map<string, string>();
  const known = await pacer.one(() =>
    db.selectFrom('skills').select(['id', 'external_uri']).where('external_uri', 'is not', null).execute(),
  );
  for (const row of known) {
    skillIds.set(row.external_uri!, row.id);
  }
  counts.skills = concepts.filter((c) => c.kind === 'skill').length;
  counts.groups = concepts.length - counts.skills;
  await pacer.each(concepts, async (batch) => {
    const values = batch.map((c) => ({
      kind: c.kind,
      uri: c.uri,
      code: c.code,
      skill_type: c.skillType,
      reuse_level: c.reuseLevel,
      name: c.name,
      statement: c.statement,
      scope_note: c.scopeNote,
      alt_labels: c.altLabels,
      hidden_labels: c.hiddenLabels,
      modified: c.modified,
    }));
    await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{
        id: string;
        external_uri: string;
        inserted: boolean;
        name: LangMap;
        alt_labels: LangList;
        hidden_labels: LangList;
        keywords: LangList;
      }>`
        insert into skills as s (source, kind, external_uri, code, skill_type, reuse_level, name, statement, scope_note,
          alt_labels, hidden_labels, status, source_modified_at, published_at)
        select 'esco', x.kind, x.uri, x.code, x.skill_type, x.reuse_level, x.name, x.statement, x.scope_note,
          x.alt_labels, x.hidden_labels, 'published', x.modified, now()
        from jsonb_to_recordset(${json(values)}) as x(kind text, uri text, code text, skill_type text, reuse_level text,
          name jsonb, statement jsonb, scope_note jsonb, alt_labels jsonb, hidden_labels jsonb, modified timestamptz)
        on conflict (external_uri) do update set
          kind = excluded.kind,
          code = coalesce(excluded.code, s.code),
          skill_type = coalesce(excluded.skill_type, s.skill_type),
          reuse_level = coalesce(excluded.reuse_level, s.reuse_level),
          name = s.name || excluded.name,
          statement = s.statement || excluded.statement,
          scope_note = s.scope_note || excluded.scope_note,
          alt_labels = s.alt_labels || excluded.alt_labels,
          hidden_labels = s.hidden_labels || excluded.hidden_labels,
          source_modified_at = coalesce(excluded.source_modified_at, s.source_modified_at),
          updated_at = now()
        where (s.kind, s.code, s.skill_type, s.reuse_level, s.name, s.statement, s.scope_note, s.alt_labels, s.hidden_labels, s.source_modified_at)
          is distinct from
          (excluded.kind, coalesce(excluded.code, s.code), coalesce(excluded.skill_type, s.skill_type),
           coalesce(excluded.reuse_level, s.reuse_level), s.name || excluded.name, s.statement || excluded.statement,
           s.scope_note || excluded.scope_note, s.alt_labels || excluded.alt_labels,
           s.hidden_labels || excluded.hidden_labels, coalesce(excluded.source_modified_at, s.source_modified_at))
        returning s.id, s.external_uri, (s.xmax = 0) as inserted, s.name, s.alt_labels, s.hidden_labels, s.keywords
      `.execute(trx);
      for (const r of rows) {
        skillIds.set(r.external_uri, r.id);
        if (r.inserted) counts.inserted!++;
        else counts.updated!++;
      }
      counts.unchanged! += batch.length - rows.length;
      await replaceLabels(
        trx,
        rows.map((r) => r.id),
        rows.flatMap((r) => labelRowsFor(r.id, r)),
      );
    });
    await step('skills', batch.length);
  });

  // ISCO groups, keyed on their code.
  counts.iscoGroups = data.iscoGroups.size;
  await pacer.each([...data.iscoGroups.values()], async (batch) => {
    await sql`
      insert into isco_groups as g (code, external_uri, name, description)
      select x.code, x.uri, x.name, x.description
      from jsonb_to_recordset(${json(batch)}) as x(code text, uri text, name jsonb, description jsonb)
      on conflict (code) do update set external_uri = excluded.external_uri, name = g.name || excluded.name,
        description = g.description || excluded.description
      where (g.external_uri, g.name, g.description) is distinct from (excluded.external_uri, g.name || excluded.name, g.description || excluded.description)
    `.execute(db);
    await step('isco groups', batch.length);
  });

  // Occupations, keyed on their URI.
  const occupationIds = new Map<string, string>();
  counts.occupations = data.occupations.size;
  await pacer.each([...data.occupations.values()], async (batch) => {
    const values = batch.map((o) => ({
      uri: o.uri,
      code: o.code,
      isco: o.iscoGroup,
      name: o.name,
      description: o.description,
      alt_labels: o.altLabels,
    }));
    await sql`
      insert into occupations as o (external_uri, code, isco_group, name, description, alt_labels)
      select x.uri, x.code, x.isco, x.name, x.description, x.alt_labels
      from jsonb_to_recordset(${json(values)}) as x(uri text, code text, isco text, name jsonb, description jsonb, alt_labels jsonb)
      on conflict (external_uri) do update set
        code = coalesce(excluded.code, o.code), isco_group = coalesce(excluded.isco_group, o.isco_group),
        name = o.name || excluded.name, description = o.description || excluded.description,
        alt_labels = o.alt_labels || excluded.alt_labels, updated_at = now()
      where (o.code, o.isco_group, o.name, o.description, o.alt_labels) is distinct from
        (coalesce(excluded.code, o.code), coalesce(excluded.isco_group, o.isco_group), o.name || excluded.name,
         o.description || excluded.description, o.alt_labels || excluded.alt_labels)
    `.execute(db);
    await step('occupations', batch.length);
  });
  if (data.occupations.size > 0 || data.occupationSkills.size > 0) {
    const rows = await pacer.one(() =>
      db.selectFrom('occupations').select(['id', 'external_uri']).where('external_uri', 'is not', null).execute(),
    );
    for (const row of rows) {
      occupationIds.set(row.external_uri!, row.id);
    }
  }

  // Relations: only between concepts the library holds; the rest are counted as skipped.
  // A concept broader than itself would loop the hierarchy; ESCO's one self-relation between skills is kept as it is.
  const pairs = (
    set: Iterable<string>,
    left: Map<string, string>,
    right: Map<string, string>,
    typed?: Map<string, string>,
    allowSelf = true,
  ) => {
    const out: [string, string, string][] = [];
    for (const key of set) {
      const [a, b] = key.split('\t') as [string, string];
      const ia = left.get(a);
      const ib = right.get(b);
      if (ia && ib && (allowSelf || ia !== ib)) out.push([ia, ib, typed?.get(key) ?? '']);
      else counts.skipped!++;
    }
    return out;
  };

  const broader = pairs(data.broader, skillIds, skillIds, undefined, false);
  counts.broader = broader.length;
  await pacer.each(broader, async (batch) => {
    await sql`
      insert into skill_broader (skill_id, broader_id)
      select (r->>0)::uuid, (r->>1)::uuid from jsonb_array_elements(${json(batch)}) as r
      on conflict do nothing
    `.execute(db);
    await step('hierarchy', batch.length);
  });

  const occupationSkills = pairs(data.occupationSkills.keys(), occupationIds, skillIds, data.occupationSkills);
  counts.occupationSkills = occupationSkills.length;
  await pacer.each(occupationSkills, async (batch) => {
    await sql`
      insert into occupation_skills as t (occupation_id, skill_id, relation_type)
      select (r->>0)::uuid, (r->>1)::uuid, r->>2 from jsonb_array_elements(${json(batch)}) as r
      on conflict (occupation_id, skill_id) do update set relation_type = excluded.relation_type
      where t.relation_type is distinct from excluded.relation_type
    `.execute(db);
    await step('occupation skills', batch.length);
  });

  const skillRelations = pairs(data.skillRelations.keys(), skillIds, skillIds, data.skillRelations);
  counts.skillRelations = skillRelations.length;
  await pacer.each(skillRelations, async (batch) => {
    await sql`
      insert into skill_relations as t (skill_id, related_skill_id, relation_type)
      select (r->>0)::uuid, (r->>1)::uuid, r->>2 from jsonb_array_elements(${json(batch)}) as r
      on conflict (skill_id, related_skill_id) do update set relation_type = excluded.relation_type
      where t.relation_type is distinct from excluded.relation_type
    `.execute(db);
    await step('skill relations', batch.length);
  });

  // ESCO's skill collections.
  counts.collections = data.collections.size;
  counts.collectionSkills = 0;
  for (const [key, members] of data.collections) {
    const names = COLLECTION_NAMES[key] ?? { en: key, nl: key };
    const { rows } = await pacer.one(() =>
      sql<{ id: string }>`
        insert into collections as c (external_key, name, description, author, status)
        values (${key}, ${json(names)}, '{}'::jsonb, 'ESCO', 'published')
        on conflict (external_key) do update set name = c.name || excluded.name
        returning c.id
      `.execute(db),
    );
    const collectionId = rows[0]!.id;
    const ids = [...members].map((uri) => skillIds.get(uri)).filter((id): id is string => Boolean(id));
    counts.skipped! += members.size - ids.length;
    counts.collectionSkills += ids.length;
    await pacer.each(ids, async (batch) => {
      await sql`
        insert into collection_skills (collection_id, skill_id)
        select ${collectionId}::uuid, (r #>> '{}')::uuid from jsonb_array_elements(${json(batch)}) as r
        on conflict do nothing
      `.execute(db);
      await step('collections', batch.length);
    });
  }
  await progress('done', total, total, true);
  return counts;
}
