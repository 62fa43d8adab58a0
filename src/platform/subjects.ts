import type { FastifyRequest } from 'fastify';
import type { AppContext } from './context.ts';
import type { Subject } from './module.ts';
import { joinHtml, type SafeHtml } from './pages/safe-html.ts';

/**
 * The sections every module adds about a subject (an achievement, an issuer, a credential), in
 * module order, for a page of the module that shows it. A section that throws is left out and
 * logged, so one module's trouble never takes the page down.
 */
export async function subjectSections(ctx: AppContext, subject: Subject, request: FastifyRequest): Promise<SafeHtml> {
  const sections: SafeHtml[] = [];
  for (const module of ctx.modules) {
    if (!module.subjectSections) continue;
    try {
      sections.push(await module.subjectSections(ctx, subject, request));
    } catch (error) {
      request.log.error({ err: error, module: module.name, subject }, 'subject section failed');
    }
  }
  return joinHtml(sections);
}

/**
 * The endorsements every module holds of a subject (signed EndorsementCredentials), in module
 * order. A module whose hook throws is left out and logged: issuing goes on without its endorsements.
 */
export async function endorsementsOf(ctx: AppContext, subject: Subject): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const module of ctx.modules) {
    if (!module.endorsementsOf) continue;
    try {
      out.push(...(await module.endorsementsOf(ctx, subject)));
    } catch (error) {
      ctx.log.error({ err: error, module: module.name, subject }, 'endorsements of a subject could not be read');
    }
  }
  return out;
}
