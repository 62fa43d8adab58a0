/**
 * What the pathway pages show, each gathered by one call, so a route reads its input, calls one
 * function and renders. A page that finds a completed pathway without its badge asks the job to
 * award it (the job decides; the page never issues).
 */
import type { FastifyRequest } from 'fastify';
import { type CurrentUser, listVisibleOrganisations } from '../accounts/api.ts';
import { type NetworkAchievement, networkAchievements } from '../credentials/api.ts';
import type { AppContext } from '../platform/context.ts';
import { requestAward } from './awards.ts';
import { pathwayDiagram } from './diagram.ts';
import { p, stepTitle } from './pages/components.tsx';
import type { FormValues } from './pages/manage.tsx';
import {
  awardDue,
  EDITOR_ROLES,
  editablePathway,
  getPathway,
  listPathways,
  type MyProgress,
  mayEdit,
  type Pathway,
  type PathwayDetail,
  progressOn,
} from './service.ts';
import { requireOrgRole } from '../accounts/api.ts';

/** Progress of a signed-in person, and a request to the job for pathways completed but not awarded. */
async function progressFor(ctx: AppContext, user: CurrentUser | null, pathways: Pathway[]): Promise<Map<string, MyProgress>> {
  if (!user || pathways.length === 0) return new Map();
  const progress = await progressOn(ctx, user.id, pathways);
  if ([...progress.values()].some((m) => awardDue(m))) await requestAward(ctx, user.id);
  return progress;
}

export async function listView(ctx: AppContext, user: CurrentUser | null) {
  const pathways = await listPathways(ctx, user);
  const progress = await progressFor(ctx, user, pathways);
  const manage = user
    ? (await listVisibleOrganisations(ctx, user)).filter((o) => (o.role !== null && EDITOR_ROLES.includes(o.role)) || user.isOperator)
    : [];
  // The operator sees every organisation; the list links only those that have pathways or are their own.
  const own = user?.isOperator ? manage.filter((o) => o.role !== null || pathways.some((p) => p.organisationId === o.id)) : manage;
  return { pathways, progress, manage: own.map((o) => ({ slug: o.slug, name: o.name })) };
}

export async function detailView(ctx: AppContext, request: FastifyRequest, id: string) {
  const user = request.user;
  const pathway = await getPathway(ctx, user, id);
  const mine = (await progressFor(ctx, user, [pathway])).get(pathway.id) ?? null;
  const labels = {
    step: (i: number, step: PathwayDetail['steps'][number]) => stepTitle(request, i, step),
    badge: p(request, 'detail.badge'),
  };
  const badge = pathway.badge?.name ?? '—';
  const diagram = {
    wide: await pathwayDiagram(pathway.steps, badge, labels, mine?.progress, 'wide'),
    narrow: await pathwayDiagram(pathway.steps, badge, labels, mine?.progress, 'narrow'),
  };
  return { pathway, mine, diagram, editable: await mayEdit(ctx, user, pathway.organisationId) };
}

/** The organisation's pathways for its editors, with how often each was awarded. */
export async function manageView(ctx: AppContext, user: CurrentUser | null, slug: string) {
  const { organisation } = await requireOrgRole(ctx, user, slug, EDITOR_ROLES);
  const pathways = await listPathways(ctx, user, { organisation: organisation.slug });
  const counts = pathways.length
    ? await ctx.db
        .selectFrom('pathway_awards')
        .select(['pathway_id', (eb) => eb.fn.countAll<string>().as('n')])
        .where(
          'pathway_id',
          'in',
          pathways.map((p) => p.id),
        )
        .groupBy('pathway_id')
        .execute()
    : [];
  const badges = await ownBadges(ctx, organisation.id);
  return {
    organisation,
    pathways,
    awarded: new Map(counts.map((c) => [c.pathway_id, Number(c.n)])),
    hasBadges: badges.length > 0,
  };
}

async function ownBadges(ctx: AppContext, organisationId: string): Promise<NetworkAchievement[]> {
  return (await networkAchievements(ctx)).filter((a) => a.organisationId === organisationId);
}

/** What the editor needs: the organisation, its badges (for the pathway badge) and the network's (for the steps). */
export async function editorView(ctx: AppContext, user: CurrentUser | null, slug: string) {
  const { organisation } = await requireOrgRole(ctx, user, slug, EDITOR_ROLES);
  const achievements = await networkAchievements(ctx);
  return { organisation, achievements, ownBadges: achievements.filter((a) => a.organisationId === organisation.id) };
}

/** A pathway as the editor's form values. */
export async function formValuesOf(
  ctx: AppContext,
  user: CurrentUser | null,
  id: string,
): Promise<{ pathway: Pathway; values: FormValues }> {
  const pathway = await editablePathway(ctx, user, id);
  const local = `${ctx.config.baseUrl}/achievements/`;
  return {
    pathway,
    values: {
      name: pathway.name,
      description: pathway.description,
      achievementId: pathway.achievementId,
      status: pathway.status,
      version: String(pathway.version),
      steps: pathway.steps.map((s) => ({
        name: s.name,
        rule: s.rule,
        count: s.rule === 'any' ? String(s.count) : '',
        ordered: s.ordered,
        achievements: s.options.flatMap((o) => (o.type === 'achievement' && o.uri.startsWith(local) ? [o.uri.slice(local.length)] : [])),
        external: s.options.flatMap((o) => (o.type === 'achievement' && !o.uri.startsWith(local) ? [o.uri] : [])).join('\n'),
        skills: s.options.flatMap((o) => (o.type === 'skill' ? [o.url] : [])).join('\n'),
      })),
    },
  };
}

export type { PathwayDetail };
