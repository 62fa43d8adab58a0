import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import {
  type CurrentUser,
  findOrganisation,
  hasOrgRole,
  membershipOrganisationIds,
  type OrgRole,
  type OrganisationRow,
  requireOrgRole,
} from '../accounts/api.ts';
import type { AppContext } from '../platform/context.ts';
import { type AppError, invalidFields, PlatformErrors } from '../platform/errors.ts';
import { E } from './errors.ts';
import {
  FEED_FIELDS,
  FEED_FORMATS,
  type FeedField,
  type FeedFormat,
  type FeedMapping,
  type FeedSettings,
  SCHEDULES,
  type Schedule,
  type SiteSettings,
  type SourceKind,
  type VacancySourcesTable,
} from './schema.ts';
import { isUuid } from './vacancies.ts';

/** Who may add, change, run and remove an organisation's sources: its owners, admins and analysts. */
export const ANALYST_ROLES: readonly OrgRole[] = ['owner', 'admin', 'analyst'];

export const MAX_NAME = 120;
export const MAX_URLS = 50;
export const DELAY = { min: 0.1, max: 60, default: 1 };
export const MAX_PAGES = { min: 1, max: 5000, default: 200 };

export type SourceRow = Selectable<VacancySourcesTable>;

/** What the form and the API send to add or change a source; lists may come as text, one item a line. */
export interface SourceInput {
  kind?: string;
  name?: string;
  schedule?: string;
  startUrls?: string[] | string;
  sitemaps?: string[] | string;
  allowedHosts?: string[] | string;
  maxPages?: number | string;
  delaySeconds?: number | string;
  format?: string;
  feedUrl?: string;
  /** `field = column` lines, or an object. */
  mapping?: Record<string, string> | string;
  records?: string;
}

const lines = (value: string[] | string | undefined): string[] =>
  (Array.isArray(value) ? value : (value ?? '').split(/[\r\n]+/)).map((s) => (typeof s === 'string' ? s.trim() : '')).filter(Boolean);

/** An http(s) URL without its fragment, or null. */
export function httpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username || url.password) return null;
    url.hash = '';
    return url;
  } catch {
    return null;
  }
}

const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?$|^\[[0-9a-f:.]+\](?::\d{1,5})?$/;

function numberIn(value: number | string | undefined, range: { min: number; max: number; default: number }, integer: boolean) {
  if (value === undefined || value === '') return range.default;
  const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
  if (!Number.isFinite(n) || n < range.min || n > range.max || (integer && !Number.isInteger(n))) return null;
  return n;
}

/** Parses `field = column` lines (or an object) into a mapping of known fields. */
export function parseMapping(value: Record<string, string> | string | undefined, errors: AppError[]): FeedMapping {
  const entries: [string, string][] =
    typeof value === 'string' || value === undefined
      ? lines(value).map((line) => {
          const m = /^([^=:]+)[=:](.*)$/.exec(line);
          if (!m) {
            errors.push(E.mappingLine('mapping', { line }));
            return ['', ''];
          }
          return [m[1].trim(), m[2].trim()];
        })
      : Object.entries(value).map(([k, v]) => [k.trim(), typeof v === 'string' ? v.trim() : '']);
  const mapping: FeedMapping = {};
  for (const [field, column] of entries) {
    if (!field) continue;
    if (!(FEED_FIELDS as readonly string[]).includes(field)) errors.push(E.mappingField('mapping', { name: field }));
    else if (column) mapping[field as FeedField] = column.slice(0, 200);
  }
  return mapping;
}

/** The mapping as the form shows it: one `field = column` line each. */
export function mappingText(mapping: FeedMapping): string {
  return Object.entries(mapping)
    .map(([k, v]) => `${k} = ${v}`)
    .join('\n');
}

/** Checks a source's input and returns what is stored; every fault at once, each naming its field. */
export function validateSource(input: SourceInput, existingKind?: SourceKind) {
  const errors: AppError[] = [];
  const kind = (existingKind ?? input.kind ?? '') as SourceKind;
  if (!existingKind && kind !== 'site' && kind !== 'feed') errors.push(PlatformErrors.oneOf('kind', { options: 'site, feed' }));
  const name = (input.name ?? '').trim();
  if (!name) errors.push(PlatformErrors.required('name'));
  else if (name.length > MAX_NAME) errors.push(PlatformErrors.tooLong('name', { max: MAX_NAME }));
  const schedule = (input.schedule || 'manual') as Schedule;
  if (!SCHEDULES.includes(schedule)) errors.push(PlatformErrors.oneOf('schedule', { options: SCHEDULES.join(', ') }));
  let settings: SiteSettings | FeedSettings | Record<string, never> = {};
  if (kind === 'site') {
    const urls = (field: 'startUrls' | 'sitemaps') => {
      const given = lines(input[field]);
      if (given.length > MAX_URLS) errors.push(E.tooManyUrls(field, { max: MAX_URLS }));
      return given.slice(0, MAX_URLS).flatMap((raw) => {
        const url = httpUrl(raw);
        if (!url) {
          errors.push(E.badUrl(field, { url: raw.slice(0, 200) }));
          return [];
        }
        return [url];
      });
    };
    const startUrls = urls('startUrls');
    const sitemaps = urls('sitemaps');
    if (startUrls.length + sitemaps.length === 0 && !errors.some((e) => e.field === 'startUrls' || e.field === 'sitemaps'))
      errors.push(E.nothingToCrawl('startUrls'));
    let allowedHosts = lines(input.allowedHosts).map((h) => h.toLowerCase());
    for (const host of allowedHosts) if (!HOST.test(host)) errors.push(E.badHost('allowedHosts', { host: host.slice(0, 200) }));
    if (allowedHosts.length > MAX_URLS) errors.push(E.tooManyUrls('allowedHosts', { max: MAX_URLS }));
    if (allowedHosts.length === 0) allowedHosts = [...new Set([...startUrls, ...sitemaps].map((u) => u.host))];
    for (const [field, list] of [
      ['startUrls', startUrls],
      ['sitemaps', sitemaps],
    ] as const)
      for (const url of list) if (!allowedHosts.includes(url.host)) errors.push(E.hostNotAllowed(field, { host: url.host }));
    const maxPages = numberIn(input.maxPages, MAX_PAGES, true);
    if (maxPages === null) errors.push(E.maxPagesRange('maxPages', { min: MAX_PAGES.min, max: MAX_PAGES.max }));
    const delaySeconds = numberIn(input.delaySeconds, DELAY, false);
    if (delaySeconds === null) errors.push(E.delayRange('delaySeconds', { min: DELAY.min, max: DELAY.max }));
    settings = {
      startUrls: startUrls.map((u) => u.href),
      sitemaps: sitemaps.map((u) => u.href),
      allowedHosts,
      maxPages: maxPages ?? MAX_PAGES.default,
      delaySeconds: delaySeconds ?? DELAY.default,
    };
  } else if (kind === 'feed') {
    const format = (input.format ?? '') as FeedFormat;
    if (!FEED_FORMATS.includes(format)) errors.push(PlatformErrors.oneOf('format', { options: FEED_FORMATS.join(', ') }));
    const rawUrl = (input.feedUrl ?? '').trim();
    const url = rawUrl ? httpUrl(rawUrl) : null;
    if (rawUrl && !url) errors.push(E.badUrl('feedUrl', { url: rawUrl.slice(0, 200) }));
    const records = (input.records ?? '').trim();
    if (records.length > 200) errors.push(PlatformErrors.tooLong('records', { max: 200 }));
    settings = { format, url: url?.href ?? null, mapping: parseMapping(input.mapping, errors), records };
  }
  if (errors.length) throw invalidFields(errors);
  return { kind, name, schedule, settings };
}

export interface SourceAccess {
  source: SourceRow;
  organisation: OrganisationRow;
}

/** A source, for someone holding one of `roles` in its organisation (or the operator); 404 for anyone else. */
export async function accessSource(
  ctx: Pick<AppContext, 'db'>,
  user: CurrentUser | null,
  id: string,
  roles: readonly OrgRole[] = ANALYST_ROLES,
): Promise<SourceAccess> {
  if (!user) throw PlatformErrors.unauthorized();
  if (!isUuid(id)) throw E.sourceNotFound('id');
  const source = await ctx.db.selectFrom('vacancy_sources').selectAll().where('id', '=', id).executeTakeFirst();
  if (!source) throw E.sourceNotFound('id');
  try {
    const { organisation } = await requireOrgRole(ctx, user, source.organisation_id, roles);
    return { source, organisation };
  } catch (error) {
    if ((error as AppError).status === 403) throw E.sourceNotFound('id');
    throw error;
  }
}

/** Adds a site or feed source to an organisation (owners, admins and analysts). */
export async function createSource(ctx: Pick<AppContext, 'db'>, user: CurrentUser | null, organisation: string, input: SourceInput) {
  const { organisation: org } = await requireOrgRole(ctx, user, organisation, ANALYST_ROLES);
  const valid = validateSource(input);
  return ctx.db
    .insertInto('vacancy_sources')
    .values({
      organisation_id: org.id,
      kind: valid.kind,
      name: valid.name,
      schedule: valid.schedule,
      settings: JSON.stringify(valid.settings),
      created_by: user?.id ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateSource(ctx: Pick<AppContext, 'db'>, user: CurrentUser | null, id: string, input: SourceInput) {
  const { source } = await accessSource(ctx, user, id);
  if (source.kind === 'api') throw E.notRunnable('kind');
  const valid = validateSource(input, source.kind);
  return ctx.db
    .updateTable('vacancy_sources')
    .set({ name: valid.name, schedule: valid.schedule, settings: JSON.stringify(valid.settings), updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Removes a source with its runs and sightings; vacancies seen nowhere else go with it. */
export async function deleteSource(ctx: Pick<AppContext, 'db'>, user: CurrentUser | null, id: string): Promise<void> {
  await accessSource(ctx, user, id);
  await ctx.db.transaction().execute(async (trx) => {
    const vacancyIds = (
      await trx.selectFrom('vacancy_sightings').select('vacancy_id').distinct().where('source_id', '=', id).execute()
    ).map((r) => r.vacancy_id);
    await trx.deleteFrom('vacancy_sources').where('id', '=', id).execute();
    if (vacancyIds.length)
      await sql`delete from vacancies v where v.id in (${sql.join(vacancyIds)})
        and not exists (select 1 from vacancy_sightings s where s.vacancy_id = v.id)`.execute(trx);
  });
}

export const MAX_UPLOAD_MB = 10;

/** Keeps an uploaded feed file for the source's next runs. */
export async function uploadFeed(ctx: Pick<AppContext, 'db'>, user: CurrentUser | null, id: string, name: string, content: string) {
  const { source } = await accessSource(ctx, user, id);
  if (source.kind !== 'feed') throw E.notAFeed('file');
  if (!content.trim()) throw PlatformErrors.required('file');
  if (Buffer.byteLength(content) > MAX_UPLOAD_MB * 1024 * 1024) throw E.feedTooLarge('file', { max: MAX_UPLOAD_MB });
  await ctx.db
    .updateTable('vacancy_sources')
    .set({
      upload: content.replaceAll('\u0000', ''),
      upload_name: name.slice(0, 200) || 'feed',
      uploaded_at: new Date(),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/** The organisation's API source (made on first use): where vacancies sent to POST /api/v1/vacancies are sighted. */
export async function apiSource(ctx: Pick<AppContext, 'db'>, organisationId: string, userId: string | null): Promise<SourceRow> {
  const found = await ctx.db
    .selectFrom('vacancy_sources')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('kind', '=', 'api')
    .executeTakeFirst();
  if (found) return found;
  return ctx.db
    .insertInto('vacancy_sources')
    .values({
      organisation_id: organisationId,
      kind: 'api',
      name: 'API',
      schedule: 'manual',
      settings: JSON.stringify({}),
      created_by: userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The sources of the organisations a person manages sources of (the operator: all), newest first. */
export async function listSources(ctx: Pick<AppContext, 'db'>, organisationIds: string[] | null): Promise<SourceRow[]> {
  if (organisationIds && organisationIds.length === 0) return [];
  let query = ctx.db.selectFrom('vacancy_sources').selectAll().orderBy('created_at', 'desc');
  if (organisationIds) query = query.where('organisation_id', 'in', organisationIds);
  return query.execute();
}

/** The organisations whose sources a person manages (owner, admin or analyst); null for the operator (all). */
export async function managedOrganisations(ctx: Pick<AppContext, 'db'>, user: CurrentUser): Promise<string[] | null> {
  if (user.isOperator) return null;
  const out: string[] = [];
  for (const id of await membershipOrganisationIds(ctx.db, user.id)) if (await hasOrgRole(ctx, user, id, ANALYST_ROLES)) out.push(id);
  return out;
}

/** The organisations a person may add sources to, by name (the operator: those they belong to, or name in the form). */
export async function organisationChoices(
  ctx: Pick<AppContext, 'db'>,
  user: CurrentUser,
): Promise<{ id: string; slug: string; name: string }[]> {
  const ids = user.isOperator ? await membershipOrganisationIds(ctx.db, user.id) : ((await managedOrganisations(ctx, user)) ?? []);
  const out: { id: string; slug: string; name: string }[] = [];
  for (const id of ids) {
    const org = await findOrganisation(ctx.db, id);
    if (org && (await hasOrgRole(ctx, user, id, ANALYST_ROLES))) out.push({ id: org.id, slug: org.slug, name: org.name });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
