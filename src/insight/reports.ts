/**
 * Published reports (issue 12): an organisation's analysts assemble charts — saved views with
 * their filters — and text, in Dutch and English, into a report page, kept as a draft (seen only
 * by the organisation's analysts, owners and admins) or published to the network (anyone signed
 * in) or publicly (anyone). A chart's filters are stored as read when it was added (its period
 * fixed), so a report says the same tomorrow; its figures are read from the rollups when shown.
 */
import { findOrganisation, membershipOrganisationIds, requireOrgRole, roleIn } from '../accounts/api.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError, invalidFields, PlatformErrors } from '../platform/errors.ts';
import type { CurrentUser } from '../platform/http/types.ts';
import { type FilterInput, filterQuery, readFilters } from './filters.ts';
import { REPORT_ROLES } from './policies.ts';
import { isView, VIEWS, type ViewName } from './views.ts';

export const VISIBILITIES = ['draft', 'network', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
const MAX_CHARTS = 20;

export interface ReportRow {
  id: string;
  organisation_id: string;
  title_en: string;
  title_nl: string;
  body_en: string;
  body_nl: string;
  visibility: Visibility;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
}

export interface ChartRow {
  id: string;
  report_id: string;
  position: number;
  view: ViewName;
  filters: string;
  text_en: string;
  text_nl: string;
}

export interface ReportInput {
  titleEn?: unknown;
  titleNl?: unknown;
  bodyEn?: unknown;
  bodyNl?: unknown;
  visibility?: unknown;
}

export interface ChartInput {
  view?: unknown;
  filters?: unknown;
  textEn?: unknown;
  textNl?: unknown;
}

const isUuid = (v: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);

function text(value: unknown, field: string, max: number, errors: AppError[]): string {
  const v = typeof value === 'string' ? value.replace(/\r\n/g, '\n').trim() : '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters (other than new lines and tabs) are what it refuses
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(v)) errors.push(PlatformErrors.invalid(field));
  else if (v.length > max) errors.push(PlatformErrors.tooLong(field, { max }));
  return v;
}

/** A report's title in the reader's language (the other when it has none). */
export const titleOf = (r: Pick<ReportRow, 'title_en' | 'title_nl'>, lang: string) =>
  (lang === 'nl' ? r.title_nl || r.title_en : r.title_en || r.title_nl) || '—';
export const bodyOf = (r: Pick<ReportRow, 'body_en' | 'body_nl'>, lang: string) =>
  lang === 'nl' ? r.body_nl || r.body_en : r.body_en || r.body_nl;
export const chartTextOf = (c: Pick<ChartRow, 'text_en' | 'text_nl'>, lang: string) =>
  lang === 'nl' ? c.text_nl || c.text_en : c.text_en || c.text_nl;

function readReport(input: ReportInput, full: boolean) {
  const errors: AppError[] = [];
  const titleEn = text(input.titleEn, 'titleEn', 200, errors);
  const titleNl = text(input.titleNl, 'titleNl', 200, errors);
  if (!titleEn && !titleNl && !errors.length) errors.push(PlatformErrors.required('titleNl'));
  const bodyEn = full ? text(input.bodyEn, 'bodyEn', 20_000, errors) : '';
  const bodyNl = full ? text(input.bodyNl, 'bodyNl', 20_000, errors) : '';
  const raw = full ? (typeof input.visibility === 'string' ? input.visibility : '') : 'draft';
  if (!(VISIBILITIES as readonly string[]).includes(raw))
    errors.push(PlatformErrors.oneOf('visibility', { options: VISIBILITIES.join(', ') }));
  if (errors.length) throw invalidFields(errors);
  return { title_en: titleEn, title_nl: titleNl, body_en: bodyEn, body_nl: bodyNl, visibility: raw as Visibility };
}

/** The organisation's reports, drafts too: for its analysts. */
export async function organisationReports(ctx: AppContext, user: CurrentUser | null, slug: string) {
  const { organisation } = await requireOrgRole(ctx, user, slug, REPORT_ROLES);
  const reports = (await ctx.db
    .selectFrom('insight_reports')
    .selectAll()
    .where('organisation_id', '=', organisation.id)
    .orderBy('updated_at', 'desc')
    .execute()) as ReportRow[];
  return { organisation, reports };
}

export async function createReport(ctx: AppContext, user: CurrentUser | null, slug: string, input: ReportInput): Promise<ReportRow> {
  const { organisation } = await requireOrgRole(ctx, user, slug, REPORT_ROLES);
  const values = readReport(input, false);
  return (await ctx.db
    .insertInto('insight_reports')
    .values({ ...values, organisation_id: organisation.id })
    .returningAll()
    .executeTakeFirstOrThrow()) as ReportRow;
}

/** A report of the organisation for its analysts (a 404 for a report of another organisation). */
export async function reportToEdit(ctx: AppContext, user: CurrentUser | null, slug: string, id: string) {
  const { organisation } = await requireOrgRole(ctx, user, slug, REPORT_ROLES);
  if (!isUuid(id)) throw PlatformErrors.notFound();
  const report = (await ctx.db
    .selectFrom('insight_reports')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', organisation.id)
    .executeTakeFirst()) as ReportRow | undefined;
  if (!report) throw PlatformErrors.notFound();
  return { organisation, report, charts: await chartsOf(ctx, report.id) };
}

export async function chartsOf(ctx: AppContext, reportId: string): Promise<ChartRow[]> {
  return (await ctx.db
    .selectFrom('insight_report_charts')
    .selectAll()
    .where('report_id', '=', reportId)
    .orderBy('position')
    .execute()) as ChartRow[];
}

export async function updateReport(ctx: AppContext, user: CurrentUser | null, slug: string, id: string, input: ReportInput) {
  const { report } = await reportToEdit(ctx, user, slug, id);
  const values = readReport(input, true);
  const published_at = values.visibility === 'draft' ? null : (report.published_at ?? new Date());
  return (await ctx.db
    .updateTable('insight_reports')
    .set({ ...values, published_at, updated_at: new Date() })
    .where('id', '=', report.id)
    .returningAll()
    .executeTakeFirstOrThrow()) as ReportRow;
}

/**
 * Reads a chart's filters from what an analyst pastes: the address of an insight page (its query
 * string) or the query string alone. Each filter is checked as the pages check it; a fault names
 * the field `filters`.
 */
export async function chartFilters(ctx: AppContext, user: CurrentUser | null, raw: unknown): Promise<string> {
  const v = typeof raw === 'string' ? raw.trim() : '';
  if (v.length > 2000) throw PlatformErrors.tooLong('filters', { max: 2000 });
  const query = v.includes('?') ? v.slice(v.indexOf('?') + 1) : v;
  const params = new URLSearchParams(query.split('#')[0]);
  const input: FilterInput = {};
  for (const key of [
    'from',
    'to',
    'interval',
    'skill',
    'group',
    'occupation',
    'province',
    'municipality',
    'limit',
    'min',
    'baselineFrom',
    'baselineTo',
  ] as const) {
    const value = params.get(key);
    if (value !== null) input[key] = value;
  }
  try {
    return filterQuery(await readFilters(ctx, user, input));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new AppError(400, error.code, { field: 'filters', params: { ...error.params, field: error.field ?? '' } });
  }
}

export async function addChart(ctx: AppContext, user: CurrentUser | null, slug: string, id: string, input: ChartInput): Promise<ChartRow> {
  const { report, charts } = await reportToEdit(ctx, user, slug, id);
  const errors: AppError[] = [];
  const view = typeof input.view === 'string' ? input.view : '';
  if (!isView(view)) errors.push(PlatformErrors.oneOf('view', { options: VIEWS.join(', ') }));
  const textEn = text(input.textEn, 'textEn', 5000, errors);
  const textNl = text(input.textNl, 'textNl', 5000, errors);
  let filters = '';
  try {
    filters = await chartFilters(ctx, user, input.filters);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    errors.push(error);
  }
  if (charts.length >= MAX_CHARTS) errors.push(PlatformErrors.tooLong('view', { max: MAX_CHARTS }));
  if (errors.length) throw invalidFields(errors);
  const position = charts.reduce((n, c) => Math.max(n, c.position), 0) + 1;
  const row = (await ctx.db
    .insertInto('insight_report_charts')
    .values({ report_id: report.id, position, view, filters, text_en: textEn, text_nl: textNl })
    .returningAll()
    .executeTakeFirstOrThrow()) as ChartRow;
  await ctx.db.updateTable('insight_reports').set({ updated_at: new Date() }).where('id', '=', report.id).execute();
  return row;
}

export async function removeChart(ctx: AppContext, user: CurrentUser | null, slug: string, id: string, chartId: string): Promise<void> {
  const { report } = await reportToEdit(ctx, user, slug, id);
  if (!isUuid(chartId)) throw PlatformErrors.notFound();
  const gone = await ctx.db
    .deleteFrom('insight_report_charts')
    .where('id', '=', chartId)
    .where('report_id', '=', report.id)
    .executeTakeFirst();
  if (!gone.numDeletedRows) throw PlatformErrors.notFound();
}

/** Whether the person may write the organisation's reports. */
async function analystOf(ctx: AppContext, user: CurrentUser | null, organisationId: string): Promise<boolean> {
  if (!user) return false;
  if (user.isOperator) return true;
  const role = await roleIn(ctx.db, organisationId, user.id);
  return role !== null && (REPORT_ROLES as readonly string[]).includes(role);
}

/**
 * A report as its reader may see it: public ones by anyone, network ones by anyone signed in,
 * drafts only by the organisation's analysts; anything else is "not found" (a draft's existence is
 * not told).
 */
export async function reportToRead(ctx: AppContext, user: CurrentUser | null, id: string) {
  if (!isUuid(id)) throw PlatformErrors.notFound();
  const report = (await ctx.db.selectFrom('insight_reports').selectAll().where('id', '=', id).executeTakeFirst()) as ReportRow | undefined;
  if (!report) throw PlatformErrors.notFound();
  const editor = await analystOf(ctx, user, report.organisation_id);
  if (report.visibility === 'draft' && !editor) throw PlatformErrors.notFound();
  if (report.visibility === 'network' && !user) throw PlatformErrors.unauthorized();
  const organisation = await findOrganisation(ctx.db, report.organisation_id);
  return {
    report,
    charts: await chartsOf(ctx, report.id),
    organisation: { slug: organisation?.slug ?? '', name: organisation?.name ?? '' },
    editor,
  };
}

/** Published reports the reader may see (public ones; network ones too when signed in), newest first. */
export async function publishedReports(ctx: AppContext, user: CurrentUser | null) {
  const visible: Visibility[] = user ? ['public', 'network'] : ['public'];
  const rows = await ctx.db
    .selectFrom('insight_reports')
    .select(['id', 'title_en', 'title_nl', 'visibility', 'published_at', 'organisation_id'])
    .where('visibility', 'in', visible)
    .orderBy('published_at', 'desc')
    .limit(200)
    .execute();
  const names = await organisationsOf(ctx, rows);
  return rows.map(({ organisation_id, ...row }) => ({
    ...(row as { id: string; title_en: string; title_nl: string; visibility: Visibility; published_at: Date | null }),
    organisation: names.get(organisation_id)?.name ?? '',
  }));
}

/** The organisations of some reports, through the accounts module (its table is not insight's to join). */
async function organisationsOf(ctx: AppContext, rows: { organisation_id: string }[]) {
  const out = new Map<string, { slug: string; name: string }>();
  for (const id of new Set(rows.map((r) => r.organisation_id))) {
    const org = await findOrganisation(ctx.db, id);
    if (org) out.set(id, { slug: org.slug, name: org.name });
  }
  return out;
}

/** The drafts a person may add a chart to: of the organisations where they write reports. */
export async function draftsFor(ctx: AppContext, user: CurrentUser) {
  const orgIds = await membershipOrganisationIds(ctx.db, user.id);
  const mine: string[] = [];
  for (const id of orgIds) if (await analystOf(ctx, user, id)) mine.push(id);
  if (mine.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('insight_reports')
    .select(['id', 'title_en', 'title_nl', 'visibility', 'organisation_id'])
    .where('organisation_id', 'in', mine)
    .orderBy('updated_at', 'desc')
    .limit(100)
    .execute();
  const names = await organisationsOf(ctx, rows);
  return rows.map(({ organisation_id, ...row }) => ({
    ...(row as { id: string; title_en: string; title_nl: string; visibility: Visibility }),
    slug: names.get(organisation_id)?.slug ?? '',
    organisation: names.get(organisation_id)?.name ?? '',
  }));
}

/** The organisations where a person writes reports (for the link to start one). */
export async function reportOrganisations(ctx: AppContext, user: CurrentUser): Promise<{ slug: string; name: string }[]> {
  const out: { slug: string; name: string }[] = [];
  for (const id of await membershipOrganisationIds(ctx.db, user.id)) {
    if (!(await analystOf(ctx, user, id))) continue;
    const org = await findOrganisation(ctx.db, id);
    if (org) out.push({ slug: org.slug, name: org.name });
  }
  return out;
}
