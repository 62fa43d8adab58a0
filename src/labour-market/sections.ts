import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { joinHtml, type SafeHtml } from '../platform/pages/safe-html.ts';

/**
 * The extension point of a vacancy's page (/vacancies/:id): another module adds a section about
 * the vacancy for the person looking at it (insight's "your match and the badge to earn next",
 * docs/decisions/018-matching.md). A section is rendered HTML branded with `safeHtml(<section>…)`
 * starting with its own h2, or `noHtml`; sections show in the order registered, below the
 * vacancy's skills; one that throws is left out and logged; a plain string is escaped.
 */
export interface VacancyForSection {
  id: string;
  organisationId: string;
  occupationId: string | null;
}
export type VacancySection = (ctx: AppContext, vacancy: VacancyForSection, request: FastifyRequest) => Promise<SafeHtml> | SafeHtml;

const registered: VacancySection[] = [];

/** Registers a section of the vacancy page (once, when the registering module loads). */
export function addVacancySection(section: VacancySection): void {
  if (!registered.includes(section)) registered.push(section);
}

/** The registered sections for this vacancy and reader, joined; a failing one is left out. */
export async function vacancySections(ctx: AppContext, vacancy: VacancyForSection, request: FastifyRequest): Promise<SafeHtml> {
  const out: SafeHtml[] = [];
  for (const section of registered) {
    try {
      out.push(await section(ctx, vacancy, request));
    } catch (error) {
      request.log.error({ err: error }, 'vacancy page section failed');
    }
  }
  return joinHtml(out);
}
