import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasOrgRole } from '../../../accounts/api.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { AppError } from '../../../platform/errors.ts';
import { requireUser } from '../../../platform/http/auth.ts';
import { fieldMessages } from '../../../platform/http/problem.ts';
import { listSkills } from '../../../skills/api.ts';
import { pickName } from '../inputs.ts';
import { m } from '../pages/components.tsx';
import { CandidatesPage, TeamPage } from '../pages/employer.tsx';
import { candidatesFor, organisationVacancies, TARGET_ROLES, topDemand } from '../service.ts';
import { MAX_TARGETS, saveTargets, teamView } from '../team.ts';

type Slug = { Params: { slug: string } };

/** Skills to offer as new targets: the network's most demanded skills and the library's own skills, by name. */
async function targetChoices(ctx: AppContext, request: FastifyRequest, taken: Set<string>) {
  const choices = new Map<string, string>();
  for (const d of await topDemand(ctx)) choices.set(d.skillId, d.label);
  const { items } = await listSkills(ctx, null, { status: 'published', source: 'local', limit: 200, order: 'name' });
  for (const s of items) choices.set(s.id, pickName(s.name, request.lang, s.id));
  return [...choices]
    .filter(([id]) => !taken.has(id))
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name, request.lang));
}

/** The posted target rows (`targets.<n>.skill`, `targets.<n>.wanted`): empty new rows and rows set to 0 are left out. */
function postedTargets(request: FastifyRequest): {
  entries: { skill: string; wanted: string }[];
  /** The form's row number of each entry, so an error names the field the person sees. */
  rowOf: number[];
  values: Record<string, string>;
} {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const values: Record<string, string> = {};
  const rows = new Map<number, { skill: string; wanted: string }>();
  for (const [key, value] of Object.entries(body)) {
    const found = /^targets\.(\d{1,3})\.(skill|wanted)$/.exec(key);
    if (!found || typeof value !== 'string') continue;
    const n = Number(found[1]);
    if (n > MAX_TARGETS) continue;
    values[key] = value;
    const row = rows.get(n) ?? { skill: '', wanted: '' };
    row[found[2] as 'skill' | 'wanted'] = value.trim();
    rows.set(n, row);
  }
  const kept = [...rows].sort(([a], [b]) => a - b).filter(([, row]) => (row.skill || row.wanted) && row.wanted !== '0');
  return { entries: kept.map(([, row]) => row), rowOf: kept.map(([n]) => n), values };
}

/** An organisation's pages: candidates for its vacancies, and its team's skills against its targets. */
export function employerRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<Slug & { Querystring: { vacancy?: string } }>('/organisations/:slug/insight/candidates', async (request, reply) => {
    const user = requireUser(request);
    const { organisation, vacancies } = await organisationVacancies(ctx, user, request.params.slug);
    const chosen = typeof request.query.vacancy === 'string' && request.query.vacancy ? request.query.vacancy.slice(0, 100) : null;
    let result = null;
    let errors: Record<string, string> | undefined;
    let status = 200;
    if (chosen)
      try {
        result = await candidatesFor(ctx, user, organisation.slug, chosen, request.lang);
      } catch (error) {
        errors = fieldMessages(request.t, error) ?? undefined;
        if (!errors) throw error;
        status = (error as AppError).status;
      }
    return reply.page(CandidatesPage({ request, organisation, vacancies, chosen, result, errors }), status);
  });

  app.get<Slug>('/organisations/:slug/insight/team', async (request, reply) => {
    const user = requireUser(request);
    const view = await teamView(ctx, user, request.params.slug, request.lang);
    const canEdit = await hasOrgRole(ctx, user, view.organisation.slug, TARGET_ROLES);
    const choices = canEdit ? await targetChoices(ctx, request, new Set(view.targets.map((t) => t.skillId))) : [];
    return reply.page(TeamPage({ request, view, canEdit, choices }));
  });

  app.post<Slug>('/organisations/:slug/insight/targets', async (request, reply) => {
    const user = requireUser(request);
    const { entries, rowOf, values } = postedTargets(request);
    try {
      await saveTargets(ctx, user, request.params.slug, entries);
      reply.flash('success', m(request, 'team.saved'));
      return reply.redirect(`/organisations/${request.params.slug}/insight/team`, 303);
    } catch (error) {
      const found = fieldMessages(request.t, error);
      if (!found) throw error;
      const errors = Object.fromEntries(
        Object.entries(found).map(([key, message]) => [
          key.replace(/^targets\.(\d+)\./, (_, i) => `targets.${rowOf[Number(i)] ?? i}.`),
          message,
        ]),
      );
      const view = await teamView(ctx, user, request.params.slug, request.lang);
      const choices = await targetChoices(ctx, request, new Set(view.targets.map((t) => t.skillId)));
      return reply.page(TeamPage({ request, view, canEdit: true, choices, values, errors }), (error as AppError).status);
    }
  });
}
