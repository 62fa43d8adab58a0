import type { FastifyReply, FastifyRequest } from 'fastify';
import { listVisibleOrganisations } from '../../accounts/api.ts';
import type { CurrentUser } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { ForbiddenError, HttpProblem, ValidationError } from '../../platform/errors.ts';
import { joinHtml, type SafeHtml } from '../../platform/pages/safe-html.ts';
import type { FormErrors } from '../../platform/pages/forms.tsx';
import type { Viewer } from '../browse/service.ts';
import { CURATOR_ROLES } from '../library/access.ts';
import type { SkillStatus } from '../schema.ts';
import type { SearchLang } from '../search/service.ts';
import { mapLibraryErrors, type OrganisationChoice } from './editor.tsx';
import type { ExportLink } from './skill.tsx';

/** Occupations shown with a search's first page of skills. */
export const OCCUPATION_LIMIT = 5;
export const SEARCH_LIMIT = 20;
export const GROUP_LIMIT = 100;
export const FIND_LIMIT = 10;
export const STATUSES: readonly SkillStatus[] = ['draft', 'published', 'archived'];

export type Query = Record<string, string | undefined>;
export type Body = Record<string, unknown>;

export function str(value: unknown): string {
  return typeof value === 'string' ? value.trim() : Array.isArray(value) && typeof value[0] === 'string' ? value[0].trim() : '';
}

export function searchLang(value: unknown, fallback: string): SearchLang {
  const v = str(value);
  return v === 'nl' || v === 'en' ? v : fallback === 'nl' ? 'nl' : 'en';
}

export function searchViewer(user: CurrentUser | null) {
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
export async function curatorOrganisations(ctx: AppContext, user: CurrentUser): Promise<OrganisationChoice[]> {
  const orgs = await listVisibleOrganisations(ctx, user);
  return orgs
    .filter((o) => user.isOperator || (o.role !== null && CURATOR_ROLES.includes(o.role)))
    .map((o) => ({ id: o.id, name: o.name }));
}

export function isCurator(viewer: Viewer): boolean {
  return viewer.isOperator || viewer.curatorOf.size > 0;
}

/** The sections other modules add to a skill's page (docs/decisions/003); a failing one is left out. */
export async function otherSections(ctx: AppContext, skillId: string, request: FastifyRequest): Promise<SafeHtml> {
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
export function formErrorsOf(request: FastifyRequest, error: unknown, fields: readonly string[]): FormErrors {
  if (error instanceof ValidationError) return mapLibraryErrors(request, error.fields, fields);
  if (error instanceof ForbiddenError) return { organisationId: request.t('skills:pages.editor.errors.forbidden') };
  if (error instanceof HttpProblem && error.status < 500 && error.status !== 401 && error.status !== 404) {
    const field = typeof error.extra.field === 'string' ? error.extra.field : '';
    return mapLibraryErrors(request, { [field || fields[1]]: error.message }, fields);
  }
  throw error;
}

export function back(reply: FastifyReply, url: string) {
  return reply.redirect(url, 303);
}

export const hide = { schema: { hide: true } };
