import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { errorMessage } from '../../platform/http/problem.ts';
import { SkillsErrors } from '../errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import type { FormErrors } from '../../platform/pages/forms.tsx';
import { collectionDetail, curates, listCollections as browseCollections } from '../browse/service.ts';
import { viewerFor } from '../browse/viewer.ts';
import * as library from '../library/service.ts';
import type { SkillStatus } from '../schema.ts';
import { searchSkills } from '../search/service.ts';
import {
  AddResults,
  CollectionListPage,
  CollectionPage,
  COLLECTION_FORM_FIELDS,
  collectionFormValues,
  NewCollectionPage,
  type FindState,
} from './collections.tsx';
import { NoOrganisationPage } from './editor.tsx';

import {
  type Body,
  FIND_LIMIT,
  type Query,
  back,
  collectionExportLinks,
  curatorOrganisations,
  formErrorsOf,
  hide,
  isRefusal,
  isCurator,
  searchLang,
  searchViewer,
  str,
} from './route-helpers.tsx';

/** The "find skills to add" search of a collection's page. */
async function findSkills(ctx: AppContext, request: FastifyRequest, query: Query): Promise<FindState> {
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

/** A collection the person may see, and whether they curate it; a 404 otherwise. */
async function collectionFor(ctx: AppContext, request: FastifyRequest, id: string) {
  const viewer = await viewerFor(ctx.db, request.user);
  const collection = await collectionDetail(ctx.db, id, viewer, request.lang);
  if (!collection) throw SkillsErrors.collectionNotFound('id');
  return { viewer, collection, curator: curates(viewer, collection.organisationId) };
}

/** Collections: list, create, find and add skills, remove, publish. */
export async function collectionRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
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

  app.get<{ Params: { id: string }; Querystring: Query }>('/collections/:id', hide, async (request, reply) => {
    const { collection, curator } = await collectionFor(ctx, request, request.params.id);
    const find = curator ? await findSkills(ctx, request, request.query) : { q: '', lang: request.lang, results: null };
    return reply.page(CollectionPage({ request, collection, curator, find, exports: collectionExportLinks(collection.id) }));
  });

  /** The "find skills to add" results alone, for htmx; a browser without it gets the whole page. */
  app.get<{ Params: { id: string }; Querystring: Query }>('/collections/:id/find', hide, async (request, reply) => {
    const { collection, curator } = await collectionFor(ctx, request, request.params.id);
    if (!request.headers['hx-request']) {
      const params = new URLSearchParams({ find: str(request.query.find), findLang: str(request.query.findLang) });
      return reply.redirect(`/collections/${collection.id}?${params}#add`, 303);
    }
    if (!curator) throw SkillsErrors.notCurator();
    const find = await findSkills(ctx, request, request.query);
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
      if (!isRefusal(error)) throw error;
      reply.flash('error', request.t('skills:pages.skill.statusFailed', { reason: errorMessage(request.t, error.code, error.params) }));
    }
    return back(reply, `/collections/${request.params.id}`);
  });
}
