import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listVisibleOrganisations } from '../../accounts/api.ts';
import type { CurrentUser } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { ForbiddenError, HttpProblem, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { joinHtml, type SafeHtml } from '../../platform/pages/safe-html.ts';
import type { FormErrors } from '../../platform/pages/forms.tsx';
import {
  collectionDetail,
  curates,
  groupPage,
  isUuid,
  libraryCounts,
  listCollections as browseCollections,
  occupationDetail,
  skillCategories,
  skillDetail,
  skillSuggestions,
  topGroups,
  type Viewer,
} from '../browse/service.ts';
import { viewerFor } from '../browse/viewer.ts';
import { toRsd } from '../formats/index.ts';
import { CURATOR_ROLES } from '../library/access.ts';
import { decideSuggestion, suggestEscoAlignments } from '../library/crosswalk.ts';
import { importSkills } from '../library/exchange.ts';
import * as library from '../library/service.ts';
import { ImportFileError } from '../formats/index.ts';
import type { SkillStatus } from '../schema.ts';
import { searchOccupations } from '../search/occupations.ts';
import { searchSkills, type SearchLang } from '../search/service.ts';
import { BrowsePage, GroupPageView, type ResultItem, type SearchState } from './browse.tsx';
import {
  AddResults,
  CollectionListPage,
  CollectionPage,
  COLLECTION_FORM_FIELDS,
  collectionFormValues,
  NewCollectionPage,
  type FindState,
} from './collections.tsx';
import { pageNumber } from './components.tsx';
import {
  formValues,
  ImportPage,
  mapLibraryErrors,
  NoOrganisationPage,
  type OrganisationChoice,
  parseSkillForm,
  SKILL_FORM_FIELDS,
  SkillEditorPage,
  skillToForm,
} from './editor.tsx';
import { type ExportLink, OccupationPage, SkillPage } from './skill.tsx';

/** Occupations shown with a search's first page of skills. */
const OCCUPATION_LIMIT = 5;
const SEARCH_LIMIT = 20;
const GROUP_LIMIT = 100;
const FIND_LIMIT = 10;
const STATUSES: readonly SkillStatus[] = ['draft', 'published', 'archived'];

type Query = Record<string, string | undefined>;
type Body = Record<string, unknown>;

function str(value: unknown): string {
  return typeof value === 'string' ? value.trim() : Array.isArray(value) && typeof value[0] === 'string' ? value[0].trim() : '';
}

function searchLang(value: unknown, fallback: string): SearchLang {
  const v = str(value);
  return v === 'nl' || v === 'en' ? v : fallback === 'nl' ? 'nl' : 'en';
}

function searchViewer(user: CurrentUser | null) {
  return user ? { userId: user.id, isOperator: user.isOperator } : null;
}

/** Where the library's export endpoints are: one place, so the links follow them. */
export function skillExportLinks(id: string): ExportLink[] {
  return (['rsd', 'csv', 'case', 'ctdl'] as const).map((format) => ({
    format,
    href: `/api/v1/skills/${id}/export?format=${format}&download=true`,
  }));
}

export function collectionExportLinks(id: string): ExportLink[] {
  return (['rsd', 'csv', 'case', 'ctdl'] as const).map((format) => ({
    format,
    href: `/api/v1/collections/${id}/export?format=${format}&download=true`,
  }));
}

/** Organisations in which the person may create skills and collections. */
async function curatorOrganisations(ctx: AppContext, user: CurrentUser): Promise<OrganisationChoice[]> {
  const orgs = await listVisibleOrganisations(ctx, user);
  return orgs
    .filter((o) => user.isOperator || (o.role !== null && CURATOR_ROLES.includes(o.role)))
    .map((o) => ({ id: o.id, name: o.name }));
}

function isCurator(viewer: Viewer): boolean {
  return viewer.isOperator || viewer.curatorOf.size > 0;
}

/** The sections other modules add to a skill's page (docs/decisions/003); a failing one is left out. */
async function otherSections(ctx: AppContext, skillId: string, request: FastifyRequest): Promise<SafeHtml> {
  const sections: SafeHtml[] = [];
  for (const module of ctx.modules) {
    if (!module.skillSections) continue;
    try {
      sections.push(await module.skillSections(ctx, skillId, request));
    } catch (error) {
      request.log.error({ err: error, module: module.name }, 'skill page section failed');
    }
  }
  return joinHtml(sections);
}

/** A 4xx of a service as a form error, or rethrown. */
function formErrorsOf(request: FastifyRequest, error: unknown, fields: readonly string[]): FormErrors {
  if (error instanceof ValidationError) return mapLibraryErrors(request, error.fields, fields);
  if (error instanceof ForbiddenError) return { organisationId: request.t('skills:pages.editor.errors.forbidden') };
  if (error instanceof HttpProblem && error.status < 500 && error.status !== 401 && error.status !== 404) {
    const field = typeof error.extra.field === 'string' ? error.extra.field : '';
    return mapLibraryErrors(request, { [field || fields[1]]: error.message }, fields);
  }
  throw error;
}

function back(reply: FastifyReply, url: string) {
  return reply.redirect(url, 303);
}

export async function pageRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const hide = { schema: { hide: true } };

  // ---------------------------------------------------------------- browse and search
  app.get<{ Querystring: Query }>('/skills', hide, async (request, reply) => {
    const q = request.query;
    const viewer = await viewerFor(ctx.db, request.user);
    const curator = isCurator(viewer);
    const search: SearchState = {
      q: str(q.q).slice(0, 200),
      lang: searchLang(q.lang, request.lang),
      collection: isUuid(str(q.collection)) ? str(q.collection) : '',
      category: str(q.category).slice(0, 200),
      skillType: ['skill/competence', 'knowledge'].includes(str(q.skillType)) ? str(q.skillType) : '',
      status: curator && STATUSES.includes(str(q.status) as SkillStatus) ? str(q.status) : '',
      page: pageNumber(q.page),
    };
    const searching = Boolean(search.q || search.collection || search.category || search.skillType || search.status);
    let results: { items: ResultItem[]; total: number; limit: number } | null = null;
    if (searching) {
      const found = await searchSkills(ctx.db, {
        q: search.q || undefined,
        lang: search.lang as SearchLang,
        limit: SEARCH_LIMIT,
        offset: (search.page - 1) * SEARCH_LIMIT,
        baseUrl: ctx.config.baseUrl,
        viewer: searchViewer(request.user),
        filters: {
          collectionId: search.collection || undefined,
          category: search.category || undefined,
          skillType: search.skillType || undefined,
          status: search.status ? [search.status as SkillStatus] : undefined,
        },
      });
      results = {
        total: found.total,
        limit: SEARCH_LIMIT,
        items: found.items.map((i) => ({
          id: i.id,
          name: i.name,
          statement: i.statement,
          skillType: i.skillType,
          status: i.status,
          source: i.source,
          matched: i.match && i.match.kind !== 'preferred' && i.match.label !== i.name ? i.match.label : null,
          labelLang: i.labelLang,
        })),
      };
    }
    // Occupations that match the words, shown above the skills (first page only).
    const occupationQuery = { q: search.q, lang: search.lang as SearchLang, limit: OCCUPATION_LIMIT, baseUrl: ctx.config.baseUrl };
    const occupations = search.q && search.page === 1 ? (await searchOccupations(ctx.db, occupationQuery)).items : [];
    const [groups, counts, collections, categories] = await Promise.all([
      searching ? Promise.resolve([]) : topGroups(ctx.db, request.lang),
      searching ? Promise.resolve({ skills: 0, groups: 0, occupations: 0, collections: 0 }) : libraryCounts(ctx.db),
      browseCollections(ctx.db, viewer, request.lang),
      skillCategories(ctx.db),
    ]);
    return reply.page(
      BrowsePage({
        request,
        search,
        results,
        occupations,
        groups,
        counts,
        collections: collections.map((c) => ({ id: c.id, name: c.name })),
        categories,
        curator,
        operator: Boolean(request.user?.isOperator),
        signedIn: Boolean(request.user),
      }),
    );
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/skills/groups/:id', hide, async (request, reply) => {
    const page = pageNumber(request.query.page);
    const data = await groupPage(ctx.db, request.params.id, request.lang, { limit: GROUP_LIMIT, offset: (page - 1) * GROUP_LIMIT });
    if (!data) throw new NotFoundError('The skill group');
    return reply.page(GroupPageView({ request, data, page }));
  });

  // ---------------------------------------------------------------- own skills: new, edit, import
  app.get('/skills/new', hide, async (request, reply) => {
    const user = requireUser(request);
    const organisations = await curatorOrganisations(ctx, user);
    if (!organisations.length) return reply.page(NoOrganisationPage({ request, title: request.t('skills:pages.editor.newTitle') }), 403);
    const values = formValues({ organisationId: organisations[0].id });
    return reply.page(SkillEditorPage({ request, values, organisations }));
  });

  app.post<{ Body: Body }>('/skills/new', hide, async (request, reply) => {
    const user = requireUser(request);
    const organisations = await curatorOrganisations(ctx, user);
    const values = formValues(request.body);
    const { input, errors } = parseSkillForm(request, values);
    if (!organisations.some((o) => o.id === values.organisationId))
      errors.organisationId = request.t('skills:pages.editor.errors.organisation');
    if (Object.keys(errors).length) return reply.page(SkillEditorPage({ request, values, errors, organisations }), 400);
    try {
      const skill = await library.createSkill(ctx, user, { ...input, organisationId: values.organisationId });
      reply.flash('success', request.t('skills:pages.editor.created'));
      return back(reply, `/skills/${skill.id}`);
    } catch (error) {
      return reply.page(SkillEditorPage({ request, values, errors: formErrorsOf(request, error, SKILL_FORM_FIELDS), organisations }), 400);
    }
  });

  async function editable(request: FastifyRequest, id: string) {
    const user = requireUser(request);
    const skill = await library.getSkill(ctx, id, user);
    if (!(await library.canEditSkill(ctx, skill, user))) throw new ForbiddenError(request.t('skills:pages.editor.errors.forbidden'));
    return { user, skill };
  }

  app.get<{ Params: { id: string } }>('/skills/:id/edit', hide, async (request, reply) => {
    const { skill } = await editable(request, request.params.id);
    return reply.page(
      SkillEditorPage({
        request,
        values: skillToForm(skill),
        organisations: [],
        skillId: skill.id,
        skillName: skill.name[request.lang] ?? skill.name.en ?? Object.values(skill.name)[0],
      }),
    );
  });

  app.post<{ Params: { id: string }; Body: Body }>('/skills/:id/edit', hide, async (request, reply) => {
    const { user, skill } = await editable(request, request.params.id);
    const values = { ...formValues(request.body), organisationId: skill.organisationId ?? '' };
    const { input, errors } = parseSkillForm(request, values);
    const skillName = skill.name[request.lang] ?? skill.name.en ?? Object.values(skill.name)[0];
    if (Object.keys(errors).length)
      return reply.page(SkillEditorPage({ request, values, errors, organisations: [], skillId: skill.id, skillName }), 400);
    try {
      await library.updateSkill(ctx, user, skill.id, input);
      reply.flash('success', request.t('skills:pages.editor.saved'));
      return back(reply, `/skills/${skill.id}`);
    } catch (error) {
      const formErrors = formErrorsOf(request, error, SKILL_FORM_FIELDS);
      return reply.page(SkillEditorPage({ request, values, errors: formErrors, organisations: [], skillId: skill.id, skillName }), 400);
    }
  });

  app.post<{ Params: { id: string }; Body: Body }>('/skills/:id/status', hide, async (request, reply) => {
    const user = requireUser(request);
    const status = str(request.body?.status) as SkillStatus;
    try {
      await library.setSkillStatus(ctx, user, request.params.id, status);
      const key = status === 'published' ? 'published' : status === 'archived' ? 'archived' : 'drafted';
      reply.flash('success', request.t(`skills:pages.skill.${key}`));
    } catch (error) {
      if (!(error instanceof HttpProblem) || (error.status !== 400 && error.status !== 409)) throw error;
      reply.flash('error', request.t('skills:pages.skill.statusFailed'));
    }
    return back(reply, `/skills/${request.params.id}`);
  });

  app.post<{ Params: { id: string }; Body: Body }>('/skills/:id/suggestions', hide, async (request, reply) => {
    const user = requireUser(request);
    await suggestEscoAlignments(ctx, user, request.params.id);
    return back(reply, `/skills/${request.params.id}#suggestions-heading`);
  });

  app.post<{ Params: { id: string; escoId: string }; Body: Body }>('/skills/:id/suggestions/:escoId', hide, async (request, reply) => {
    const user = requireUser(request);
    const decision = str(request.body?.decision) === 'accept' ? 'accepted' : str(request.body?.decision) === 'reject' ? 'rejected' : null;
    if (!decision) throw new ValidationError({ decision: 'must be accept or reject' });
    await decideSuggestion(ctx, user, request.params.id, request.params.escoId, decision);
    reply.flash('success', request.t(decision === 'accepted' ? 'skills:pages.skill.accepted' : 'skills:pages.skill.rejected'));
    return back(reply, `/skills/${request.params.id}`);
  });

  // Batch import of own skills from a file (the ESCO import for operators is /skills/import).
  app.get('/skills/upload', hide, async (request, reply) => {
    const user = requireUser(request);
    const organisations = await curatorOrganisations(ctx, user);
    if (!organisations.length) return reply.page(NoOrganisationPage({ request, title: request.t('skills:pages.import.title') }), 403);
    return reply.page(ImportPage({ request, organisations, organisationId: organisations[0].id }));
  });

  app.post('/skills/upload', hide, async (request, reply) => {
    const user = requireUser(request);
    const organisations = await curatorOrganisations(ctx, user);
    const fields: Record<string, string> = {};
    let file: { name: string; content: Buffer } | null = null;
    if (request.isMultipart()) {
      for await (const part of request.parts({ limits: { fileSize: 20 * 1024 * 1024 } })) {
        if (part.type === 'file') {
          const content = await part.toBuffer();
          if (part.fieldname === 'file' && part.filename) file = { name: part.filename, content };
        } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      }
    }
    const organisationId = fields.organisationId ?? '';
    const errors: FormErrors = {};
    if (!organisations.some((o) => o.id === organisationId)) errors.organisationId = request.t('skills:pages.editor.errors.organisation');
    if (!file?.content.length) errors.file = request.t('skills:pages.import.noFile');
    if (Object.keys(errors).length || !file) return reply.page(ImportPage({ request, organisations, organisationId, errors }), 400);
    const format = /\.csv$/i.test(file.name) ? 'csv' : 'rsd';
    try {
      const result = await importSkills(ctx, user, {
        organisationId,
        format,
        fileName: file.name,
        content: file.content,
        lang: request.lang,
      });
      reply.flash('success', request.t('skills:pages.import.done', { count: result.created + result.updated }));
      return back(reply, result.collectionId ? `/collections/${result.collectionId}` : '/skills?status=draft');
    } catch (error) {
      if (error instanceof ImportFileError) {
        const where = error.line
          ? request.t('skills:pages.import.where', { file: error.fileName, line: error.line })
          : request.t('skills:pages.import.whereFile', { file: error.fileName });
        return reply.page(ImportPage({ request, organisations, organisationId, problem: { where, detail: error.message } }), 400);
      }
      if (error instanceof ValidationError) {
        const [[field, message]] = Object.entries(error.fields);
        return reply.page(
          ImportPage({
            request,
            organisations,
            organisationId,
            problem: { where: request.t('skills:pages.import.whereFile', { file: file.name }), detail: `${field}: ${message}` },
          }),
          400,
        );
      }
      throw error;
    }
  });

  // ---------------------------------------------------------------- a skill, an occupation
  app.get<{ Params: { id: string } }>('/skills/:id', hide, async (request, reply) => {
    const { id } = request.params;
    const viewer = await viewerFor(ctx.db, request.user);
    const skill = await skillDetail(ctx.db, id, viewer);
    if (!skill) throw new NotFoundError('The skill');
    const curator = skill.source === 'local' && curates(viewer, skill.organisationId);
    const [history, suggestions, sections, jsonLd] = await Promise.all([
      curator ? library.skillHistory(ctx, id, request.user).then((h) => h.reverse()) : Promise.resolve(null),
      skill.source === 'local' && (curator || viewer.memberOf.has(skill.organisationId ?? ''))
        ? skillSuggestions(ctx.db, id)
        : Promise.resolve([]),
      otherSections(ctx, id, request),
      skill.status === 'published' && skill.kind === 'skill'
        ? library.getSkill(ctx, id, null).then((s) => toRsd(s, { lang: request.lang, baseUrl: ctx.config.baseUrl }))
        : Promise.resolve(null),
    ]);
    return reply.page(
      SkillPage({
        request,
        skill,
        canonicalUrl: library.skillUri(ctx.config.baseUrl, id),
        curator,
        history: history?.map((h) => ({ id: h.id, action: h.action, userName: h.userName, changes: h.changes, at: h.at })) ?? null,
        suggestions,
        sections,
        jsonLd,
        exports: skill.kind === 'skill' ? skillExportLinks(id) : [],
      }),
    );
  });

  app.get<{ Params: { id: string } }>('/occupations/:id', hide, async (request, reply) => {
    const occupation = await occupationDetail(ctx.db, request.params.id);
    if (!occupation) throw new NotFoundError('The occupation');
    return reply.page(OccupationPage({ request, occupation }));
  });

  // ---------------------------------------------------------------- collections
  app.get('/collections', hide, async (request, reply) => {
    const viewer = await viewerFor(ctx.db, request.user);
    const collections = await browseCollections(ctx.db, viewer, request.lang);
    return reply.page(CollectionListPage({ request, collections, canCreate: isCurator(viewer) }));
  });

  app.get('/collections/new', hide, async (request, reply) => {
    const user = requireUser(request);
    const organisations = await curatorOrganisations(ctx, user);
    if (!organisations.length) return reply.page(NoOrganisationPage({ request, title: request.t('skills:pages.collections.new') }), 403);
    return reply.page(NewCollectionPage({ request, values: collectionFormValues({ organisationId: organisations[0].id }), organisations }));
  });

  app.post<{ Body: Body }>('/collections/new', hide, async (request, reply) => {
    const user = requireUser(request);
    const organisations = await curatorOrganisations(ctx, user);
    const values = collectionFormValues(request.body);
    const { t } = request;
    const errors: FormErrors = {};
    if (!values.name_en.trim() && !values.name_nl.trim()) errors.name_en = t('skills:pages.editor.errors.nameRequired');
    for (const f of ['name_en', 'name_nl'] as const)
      if (values[f].trim().length > 300) errors[f] = t('skills:pages.editor.errors.tooLong', { max: 300 });
    if (!organisations.some((o) => o.id === values.organisationId)) errors.organisationId = t('skills:pages.editor.errors.organisation');
    if (Object.keys(errors).length) return reply.page(NewCollectionPage({ request, values, errors, organisations }), 400);
    const map = (en: string, nl: string) => Object.fromEntries(Object.entries({ en: en.trim(), nl: nl.trim() }).filter(([, v]) => v));
    try {
      const collection = await library.createCollection(ctx, user, {
        organisationId: values.organisationId,
        name: map(values.name_en, values.name_nl),
        description: map(values.description_en, values.description_nl),
        author: values.author.trim() || null,
      });
      reply.flash('success', t('skills:pages.collections.created'));
      return back(reply, `/collections/${collection.id}`);
    } catch (error) {
      return reply.page(
        NewCollectionPage({ request, values, errors: formErrorsOf(request, error, COLLECTION_FORM_FIELDS), organisations }),
        400,
      );
    }
  });

  async function findSkills(request: FastifyRequest, query: Query): Promise<FindState> {
    const q = str(query.find).slice(0, 200);
    const lang = searchLang(query.findLang, request.lang);
    if (!q) return { q, lang, results: null };
    const found = await searchSkills(ctx.db, {
      q,
      lang,
      limit: FIND_LIMIT,
      baseUrl: ctx.config.baseUrl,
      viewer: searchViewer(request.user),
    });
    return {
      q,
      lang,
      results: found.items.map((i) => ({ id: i.id, name: i.name, skillType: i.skillType, status: i.status, source: i.source })),
    };
  }

  async function collectionFor(request: FastifyRequest, id: string) {
    const viewer = await viewerFor(ctx.db, request.user);
    const collection = await collectionDetail(ctx.db, id, viewer, request.lang);
    if (!collection) throw new NotFoundError('The collection');
    return { viewer, collection, curator: curates(viewer, collection.organisationId) };
  }

  app.get<{ Params: { id: string }; Querystring: Query }>('/collections/:id', hide, async (request, reply) => {
    const { collection, curator } = await collectionFor(request, request.params.id);
    const find = curator ? await findSkills(request, request.query) : { q: '', lang: request.lang, results: null };
    return reply.page(CollectionPage({ request, collection, curator, find, exports: collectionExportLinks(collection.id) }));
  });

  /** The "find skills to add" results alone, for htmx; a browser without it gets the whole page. */
  app.get<{ Params: { id: string }; Querystring: Query }>('/collections/:id/find', hide, async (request, reply) => {
    const { collection, curator } = await collectionFor(request, request.params.id);
    if (!request.headers['hx-request']) {
      const params = new URLSearchParams({ find: str(request.query.find), findLang: str(request.query.findLang) });
      return reply.redirect(`/collections/${collection.id}?${params}#add`, 303);
    }
    if (!curator) throw new ForbiddenError();
    const find = await findSkills(request, request.query);
    const html = await AddResults({ request, collection, find, inCollection: new Set(collection.skills.map((s) => s.id)) });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(html);
  });

  app.post<{ Params: { id: string }; Body: Body }>('/collections/:id/skills', hide, async (request, reply) => {
    const user = requireUser(request);
    const skillId = str(request.body?.skillId);
    await library.addSkillsToCollection(ctx, user, request.params.id, [skillId]);
    reply.flash('success', request.t('skills:pages.collections.added'));
    const find = str(request.body?.find);
    const params = find ? `?${new URLSearchParams({ find, findLang: str(request.body?.findLang) })}#add` : '';
    return back(reply, `/collections/${request.params.id}${params}`);
  });

  app.post<{ Params: { id: string; skillId: string } }>('/collections/:id/skills/:skillId/remove', hide, async (request, reply) => {
    const user = requireUser(request);
    await library.removeSkillFromCollection(ctx, user, request.params.id, request.params.skillId);
    reply.flash('success', request.t('skills:pages.collections.removed'));
    return back(reply, `/collections/${request.params.id}`);
  });

  app.post<{ Params: { id: string }; Body: Body }>('/collections/:id/status', hide, async (request, reply) => {
    const user = requireUser(request);
    const status = str(request.body?.status) as SkillStatus;
    try {
      await library.setCollectionStatus(ctx, user, request.params.id, status);
      const key = status === 'published' ? 'published' : status === 'archived' ? 'archived' : 'drafted';
      reply.flash('success', request.t(`skills:pages.collections.${key}`));
    } catch (error) {
      if (!(error instanceof HttpProblem) || (error.status !== 400 && error.status !== 409)) throw error;
      reply.flash('error', request.t('skills:pages.skill.statusFailed'));
    }
    return back(reply, `/collections/${request.params.id}`);
  });
}
