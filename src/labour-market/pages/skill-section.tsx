import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { noHtml, type SafeHtml, safeHtml } from '../../platform/pages/safe-html.ts';
import { currentVacanciesForSkill } from '../vacancies.ts';
import { tr } from './components.tsx';

/** The skill page's "In vacancies" section: how many current vacancies (not sightings) ask for the skill (docs/decisions/003). */
export async function vacanciesForSkill(ctx: AppContext, skillId: string, request: FastifyRequest): Promise<SafeHtml> {
  const { count, any } = await currentVacanciesForSkill(ctx.db, skillId);
  if (!any) return noHtml;
  return safeHtml(
    <section aria-labelledby="vacancies-with-skill" class="skill-vacancies">
      <h2 id="vacancies-with-skill">{escapeHtml(tr(request, 'skillSection.title'))}</h2>
      <p>{escapeHtml(count ? tr(request, 'skillSection.count', { count }) : tr(request, 'skillSection.none'))}</p>
      {count && request.user ? (
        <p>
          <a href={`/vacancies?skill=${encodeURIComponent(skillId)}&current=1`}>{escapeHtml(tr(request, 'skillSection.link'))}</a>
        </p>
      ) : (
        ''
      )}
    </section>,
  );
}
