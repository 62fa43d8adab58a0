import type { FastifyReply, FastifyRequest } from 'fastify';
import { listVisibleOrganisations } from '../../accounts/api.ts';
import type { CurrentUser } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, HttpProblem } from '../../platform/errors.ts';
import { errorMessage } from '../../platform/http/problem.ts';
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

/**
 * A service's coded 4xx as messages next to the form's fields, in the reader's language (a 403 is
 * about the organisation chosen); anything else (401, 404, 5xx) is rethrown for the error page.
 */
export function formErrorsOf(request: FastifyRequest, error: unknown, fields: readonly string[]): FormErrors {
  if (!(error instanceof AppError) || error instanceof HttpProblem) throw error;
  if (error.status >= 500 || error.status === 401 || error.status === 404) throw error;
  if (error.status === 403) return { organisationId: errorMessage(request.t, error.code, error.params) };
  return mapLibraryErrors(request, error, fields);
}

/** Whether a service refused a change as input or a conflict (400 or 409), which a page reports as a flash. */
export function isRefusal(error: unknown): error is AppError {
  return error instanceof AppError && !(error instanceof HttpProblem) && (error.status === 400 || error.status === 409);
}

export function back(reply: FastifyReply, url: string) {
  return reply.redirect(url, 303);
}

export const hide = { schema: { hide: true } };
