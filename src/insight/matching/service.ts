import { findablePeople, isFindable, setFindable } from '../../backpack/api.ts';
import { type CurrentUser, getCurrentUser, requireOrgRole } from '../../accounts/api.ts';
import type { MatchableVacancy } from '../../labour-market/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { occupationNames } from '../../skills/api.ts';
import { E } from './errors.ts';
import {
  type LearningOffer,
  learningOffers,
  namesOf,
  neighboursOf,
  occupationSkills,
  pickName,
  type VerifiedSkills,
  vacanciesToMatch,
  verifiedSkills,
} from './inputs.ts';
import {
  demandRequirements,
  type MatchResult,
  match,
  occupationRequirements,
  type Requirement,
  rankMatches,
  type Suggestion,
  suggestNext,
} from './score.ts';

/**
 * Matching (docs/matching.md): a person who opted in sees the network's current vacancies ranked by
 * how their verified skills meet each, explained; an employer sees the opted-in people for one of
 * its vacancies ranked the same way; and for a target (a vacancy, an occupation, the region's
 * demand) the badges and pathways that close most of the gap for the least effort.
 */

/** Who may see candidates for an organisation's vacancies and its team's skills. */
export const EMPLOYER_ROLES = ['owner', 'admin', 'analyst'] as const;
/** Who may set the organisation's target skills. */
export const TARGET_ROLES = ['owner', 'admin'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One requirement explained: the skill's name, whether it is met and how (the badges, or the related skill). */
export interface ExplainedRequirement {
  skillId: string;
  name: string;
  kind: Requirement['kind'];
  source: Requirement['source'];
  weight: number;
  credit: 'held' | 'related' | 'missing';
  /** The badges that prove it (held), or the related skill held (related). */
  badges: string[];
  via: { skillId: string; name: string } | null;
}

export interface Explanation {
  /** 0–100, rounded. */
  percent: number;
  score: number;
  points: number;
  possible: number;
  essentialMet: number;
  essentialTotal: number;
  optionalMet: number;
  optionalTotal: number;
  met: ExplainedRequirement[];
  related: ExplainedRequirement[];
  missing: ExplainedRequirement[];
}

export interface VacancyMatch {
  vacancy: Pick<
    MatchableVacancy,
    'id' | 'title' | 'employer' | 'municipality' | 'province' | 'postedAt' | 'occupationLabel' | 'url' | 'language'
  >;
  explanation: Explanation;
}

function explain(result: MatchResult, names: Map<string, string>, proof: Map<string, string[]>): Explanation {
  const items = result.requirements.map((r) => ({
    skillId: r.skillId,
    name: names.get(r.skillId) ?? r.skillId,
    kind: r.kind,
    source: r.source,
    weight: r.weight,
    credit: r.credit,
    badges: r.credit === 'held' ? (proof.get(r.skillId) ?? []) : r.via ? (proof.get(r.via) ?? []) : [],
    via: r.via ? { skillId: r.via, name: names.get(r.via) ?? r.via } : null,
  }));
  // Each list: essential first, the heavier first, then by name (the reader's language).
  items.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'essential' ? -1 : 1) || b.weight - a.weight || a.name.localeCompare(b.name));
  return {
    percent: Math.round(result.score * 100),
    score: result.score,
    points: result.points,
    possible: result.possible,
    essentialMet: result.essentialMet,
    essentialTotal: result.essentialTotal,
    optionalMet: result.optionalMet,
    optionalTotal: result.optionalTotal,
    met: items.filter((i) => i.credit === 'held'),
    related: items.filter((i) => i.credit === 'related'),
    missing: items.filter((i) => i.credit === 'missing'),
  };
}

function vacancyView(v: MatchableVacancy): VacancyMatch['vacancy'] {
  return {
    id: v.id,
    title: v.title,
    employer: v.employer,
    municipality: v.municipality,
    province: v.province,
    postedAt: v.postedAt,
    occupationLabel: v.occupationLabel,
    url: v.url,
    language: v.language,
  };
}

// ----------------------------------------------------------------- opt-in

/** Whether the person lets employers and the matching use their verified skills (the backpack's "findable"). */
export async function optedIn(ctx: AppContext, user: CurrentUser): Promise<boolean> {
  return isFindable(ctx.db, user.id);
}

/** Turns the opt-in on or off; off at once stops matching and hides the person from employers. */
export async function setOptIn(ctx: AppContext, user: CurrentUser, value: unknown): Promise<boolean> {
  const on = value === true || value === 'on' || value === 'true';
  const off = value === false || value === 'off' || value === 'false';
  if (!on && !off) throw E.optInValue('optIn');
  await setFindable(ctx, user, on);
  return on;
}

async function requireOptIn(ctx: AppContext, user: CurrentUser): Promise<void> {
  if (!(await optedIn(ctx, user))) throw E.notOptedIn('optIn');
}

// ----------------------------------------------------------------- a person's matches

export const MAX_RESULTS = 100;

function limitOf(value: unknown, fallback: number, max = MAX_RESULTS): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw PlatformErrors.invalid('limit', { min: 1, max });
  return n;
}

async function explainAll(
  ctx: AppContext,
  lang: string,
  skills: VerifiedSkills,
  vacancies: { vacancy: MatchableVacancy; requirements: Requirement[] }[],
) {
  const required = new Set(vacancies.flatMap((v) => v.requirements.map((r) => r.skillId)));
  const neighbours = await neighboursOf(ctx, required);
  const labels = new Map(vacancies.flatMap((v) => v.vacancy.skills.map((s) => [s.skillId, s.label] as [string, string])));
  const names = await namesOf(ctx, [...required, ...skills.held], lang, labels);
  return {
    neighbours,
    names,
    results: vacancies.map((v) => ({
      ...v,
      result: match(v.requirements, skills.held, neighbours),
      tieBreak: `${9e15 - v.vacancy.postedAt.getTime()}|${v.vacancy.id}`,
    })),
  };
}

/**
 * The network's current vacancies ranked for a person who opted in, each with its explanation;
 * vacancies the person meets nothing of are counted, not listed.
 */
export async function matchesForPerson(
  ctx: AppContext,
  user: CurrentUser,
  lang: string,
  options: { limit?: unknown } = {},
): Promise<{ items: VacancyMatch[]; considered: number; withoutFit: number; skills: number }> {
  const limit = limitOf(options.limit, 20);
  await requireOptIn(ctx, user);
  const skills = await verifiedSkills(ctx, user.id, lang);
  const vacancies = await vacanciesToMatch(ctx, { limit: 1000 });
  const { results, names } = await explainAll(ctx, lang, skills, vacancies);
  const fitting = rankMatches(results.filter((r) => r.result.score > 0));
  return {
    items: fitting.slice(0, limit).map((r) => ({ vacancy: vacancyView(r.vacancy), explanation: explain(r.result, names, skills.proof) })),
    considered: vacancies.length,
    withoutFit: results.length - fitting.length,
    skills: skills.held.size,
  };
}

/** One vacancy matched for the person (opted in), with its explanation; a vacancy of the network by id. */
export async function vacancyMatch(ctx: AppContext, user: CurrentUser, lang: string, vacancyId: string): Promise<VacancyMatch> {
  if (!UUID.test(vacancyId)) throw E.matchVacancyNotFound('id');
  await requireOptIn(ctx, user);
  const [vacancy] = await vacanciesToMatch(ctx, { ids: [vacancyId] });
  if (!vacancy?.vacancy.current) throw E.matchVacancyNotFound('id');
  const skills = await verifiedSkills(ctx, user.id, lang);
  const { results, names } = await explainAll(ctx, lang, skills, [vacancy]);
  const [r] = results;
  return { vacancy: vacancyView(r.vacancy), explanation: explain(r.result, names, skills.proof) };
}

// ----------------------------------------------------------------- an employer's candidates

export interface Candidate {
  userId: string;
  name: string;
  explanation: Explanation;
}

/** The organisation's current vacancies (for choosing one), newest first. */
export async function organisationVacancies(ctx: AppContext, user: CurrentUser, slug: string) {
  const { organisation } = await requireOrgRole(ctx, user, slug, EMPLOYER_ROLES);
  const vacancies = await vacanciesToMatch(ctx, { organisationId: organisation.id, limit: 200 });
  return { organisation, vacancies: vacancies.map((v) => vacancyView(v.vacancy)) };
}

/**
 * The people who opted in, ranked for one of the organisation's current vacancies by their verified
 * skills alone, explained. People whose skills meet nothing of it are counted, not listed.
 */
export async function candidatesFor(
  ctx: AppContext,
  user: CurrentUser,
  slug: string,
  vacancyId: string,
  lang: string,
  options: { limit?: unknown } = {},
): Promise<{ vacancy: VacancyMatch['vacancy']; candidates: Candidate[]; optedIn: number; withoutFit: number }> {
  const limit = limitOf(options.limit, 25);
  const { organisation } = await requireOrgRole(ctx, user, slug, EMPLOYER_ROLES);
  if (!UUID.test(vacancyId)) throw E.matchVacancyNotFound('vacancy');
  const [vacancy] = await vacanciesToMatch(ctx, { ids: [vacancyId] });
  if (!vacancy || vacancy.vacancy.organisationId !== organisation.id || !vacancy.vacancy.current) throw E.matchVacancyNotFound('vacancy');
  const people = await findablePeople(ctx.db);
  const required = vacancy.requirements.map((r) => r.skillId);
  const neighbours = await neighboursOf(ctx, required);
  const scored: { userId: string; name: string; skills: VerifiedSkills; result: MatchResult; tieBreak: string }[] = [];
  for (const userId of people) {
    const person = await getCurrentUser(ctx.db, userId);
    if (!person) continue;
    const skills = await verifiedSkills(ctx, userId, lang);
    // The tie-break is the account id: nothing about the person but their skills orders the list.
    scored.push({ userId, name: person.name, skills, result: match(vacancy.requirements, skills.held, neighbours), tieBreak: userId });
  }
  const fitting = rankMatches(scored.filter((s) => s.result.score > 0)).slice(0, limit);
  const labels = new Map(vacancy.vacancy.skills.map((s) => [s.skillId, s.label] as [string, string]));
  const names = await namesOf(ctx, [...required, ...fitting.flatMap((f) => [...f.skills.held])], lang, labels);
  return {
    vacancy: vacancyView(vacancy.vacancy),
    candidates: fitting.map((s) => ({ userId: s.userId, name: s.name, explanation: explain(s.result, names, s.skills.proof) })),
    optedIn: scored.length,
    withoutFit: scored.length - scored.filter((s) => s.result.score > 0).length,
  };
}

// ----------------------------------------------------------------- next badge

export type TargetKind = 'vacancy' | 'occupation' | 'demand';
export const TARGET_KINDS: readonly TargetKind[] = ['vacancy', 'occupation', 'demand'];

export interface NextBadge {
  kind: LearningOffer['kind'];
  id: string;
  name: string;
  href: string;
  organisationName: string;
  effort: number;
  /** Points of 100 the score rises by. */
  gainPercent: number;
  percentAfter: number;
  closes: { skillId: string; name: string; kind: Requirement['kind'] }[];
}

export interface NextBadgeAdvice {
  target: { kind: TargetKind; id: string | null; label: string };
  percent: number;
  missing: ExplainedRequirement[];
  suggestions: NextBadge[];
}

/** How many of the region's most demanded skills make the "demand" target. */
export const DEMAND_SKILLS = 10;

/** The skills most current vacancies ask for (in a province or municipality, or the whole network). */
export async function topDemand(ctx: AppContext, region?: string): Promise<{ skillId: string; label: string; vacancies: number }[]> {
  const vacancies = (await vacanciesToMatch(ctx, { limit: 5000 })).filter(
    (v) => !region || v.vacancy.province === region || v.vacancy.municipality === region,
  );
  const counts = new Map<string, { label: string; vacancies: number }>();
  for (const v of vacancies)
    for (const s of v.vacancy.skills) {
      const entry = counts.get(s.skillId) ?? { label: s.label, vacancies: 0 };
      entry.vacancies++;
      counts.set(s.skillId, entry);
    }
  return [...counts]
    .map(([skillId, c]) => ({ skillId, ...c }))
    .sort((a, b) => b.vacancies - a.vacancies || a.label.localeCompare(b.label) || a.skillId.localeCompare(b.skillId))
    .slice(0, DEMAND_SKILLS);
}

async function targetRequirements(
  ctx: AppContext,
  lang: string,
  kind: TargetKind,
  id: string | undefined,
  region: string | undefined,
): Promise<{ requirements: Requirement[]; label: string; labels: Map<string, string> }> {
  if (kind === 'vacancy') {
    if (!id) throw E.targetIdRequired('id');
    if (!UUID.test(id)) throw E.matchVacancyNotFound('id');
    const [v] = await vacanciesToMatch(ctx, { ids: [id] });
    if (!v?.vacancy.current) throw E.matchVacancyNotFound('id');
    return { requirements: v.requirements, label: v.vacancy.title, labels: new Map(v.vacancy.skills.map((s) => [s.skillId, s.label])) };
  }
  if (kind === 'occupation') {
    if (!id) throw E.targetIdRequired('id');
    const [occupation] = UUID.test(id) ? await occupationNames(ctx.db, [id]) : [];
    if (!occupation) throw E.matchOccupationNotFound('id');
    const skills = (await occupationSkills(ctx, [id])).get(id) ?? { essential: [], optional: [] };
    return { requirements: occupationRequirements(skills), label: pickName(occupation.name, lang, id), labels: new Map() };
  }
  const demand = await topDemand(ctx, region);
  return {
    requirements: demandRequirements(demand.map((d) => d.skillId)),
    label: region ?? '',
    labels: new Map(demand.map((d) => [d.skillId, d.label])),
  };
}

/** The targets a person can choose for the next badge: the regions and occupations of the network's current vacancies. */
export interface TargetChoices {
  regions: string[];
  occupations: { id: string; name: string }[];
}

export async function targetChoices(ctx: AppContext, lang: string): Promise<TargetChoices> {
  const vacancies = await vacanciesToMatch(ctx, { limit: 5000 });
  const regions = new Set<string>();
  const occupationIds = new Set<string>();
  for (const { vacancy: v } of vacancies) {
    if (v.province) regions.add(v.province);
    if (v.municipality) regions.add(v.municipality);
    if (v.occupationId) occupationIds.add(v.occupationId);
  }
  const occupations = (await occupationNames(ctx.db, [...occupationIds])).map((o) => ({ id: o.id, name: pickName(o.name, lang, o.id) }));
  return {
    regions: [...regions].sort((a, b) => a.localeCompare(b, lang)),
    occupations: occupations.sort((a, b) => a.name.localeCompare(b.name, lang)),
  };
}

/**
 * The page's target choice (`target=region:<name>`, `occupation:<id>`, or empty for the whole
 * network's demand) as a target of `nextBadges`; a choice that is not offered names `target`.
 */
export function parseTargetChoice(value: unknown, choices: TargetChoices): { kind: TargetKind; id?: string; region?: string } {
  if (value === undefined || value === '') return { kind: 'demand' };
  const text = typeof value === 'string' ? value : '';
  const [kind, ...rest] = text.split(':');
  const rest1 = rest.join(':');
  if (kind === 'region' && choices.regions.includes(rest1)) return { kind: 'demand', region: rest1 };
  if (kind === 'occupation' && choices.occupations.some((o) => o.id === rest1)) return { kind: 'occupation', id: rest1 };
  throw E.targetChoice('target');
}

/**
 * For a person (opted in) and a target, the badges and pathways of the network that close most of
 * the gap for the least effort, explained (docs/matching.md).
 */
export async function nextBadges(
  ctx: AppContext,
  user: CurrentUser,
  lang: string,
  target: { kind?: unknown; id?: unknown; region?: unknown; limit?: unknown },
): Promise<NextBadgeAdvice> {
  const kind = (target.kind ?? 'demand') as TargetKind;
  if (!TARGET_KINDS.includes(kind)) throw E.targetKind('kind', { options: TARGET_KINDS.join(', ') });
  const id = typeof target.id === 'string' && target.id ? target.id : undefined;
  const region = typeof target.region === 'string' && target.region.trim() ? target.region.trim().slice(0, 100) : undefined;
  const limit = limitOf(target.limit, 5, 20);
  await requireOptIn(ctx, user);
  const { requirements, label, labels } = await targetRequirements(ctx, lang, kind, id, region);
  const skills = await verifiedSkills(ctx, user.id, lang);
  const neighbours = await neighboursOf(
    ctx,
    requirements.map((r) => r.skillId),
  );
  const offers = await learningOffers(ctx, user);
  const now = match(requirements, skills.held, neighbours);
  const suggestions: Suggestion[] = suggestNext(requirements, skills.held, neighbours, offers, limit);
  const names = await namesOf(ctx, [...requirements.map((r) => r.skillId), ...skills.held], lang, labels);
  const explanation = explain(now, names, skills.proof);
  return {
    target: { kind, id: id ?? null, label },
    percent: explanation.percent,
    missing: [...explanation.missing, ...explanation.related],
    suggestions: suggestions.map((s) => {
      const offer = s.option as LearningOffer;
      return {
        kind: offer.kind,
        id: offer.id,
        name: offer.name,
        href: offer.href,
        organisationName: offer.organisationName,
        effort: offer.effort,
        gainPercent: Math.round(s.scoreAfter * 100) - explanation.percent,
        percentAfter: Math.round(s.scoreAfter * 100),
        closes: s.closes.map((r) => ({ skillId: r.skillId, name: names.get(r.skillId) ?? r.skillId, kind: r.kind })),
      };
    }),
  };
}

/**
 * What the network offers to learn a vacancy's skills, for someone whose skills are not used (the
 * vacancy page's reader who did not opt in): the options ranked as for a person holding nothing.
 */
export async function teachingForVacancy(ctx: AppContext, lang: string, vacancyId: string, limit = 5): Promise<NextBadgeAdvice | null> {
  const [v] = UUID.test(vacancyId) ? await vacanciesToMatch(ctx, { ids: [vacancyId] }) : [];
  if (!v) return null;
  const neighbours = await neighboursOf(
    ctx,
    v.requirements.map((r) => r.skillId),
  );
  const held = new Set<string>();
  const suggestions = suggestNext(v.requirements, held, neighbours, await learningOffers(ctx, null), limit);
  const names = await namesOf(
    ctx,
    v.requirements.map((r) => r.skillId),
    lang,
    new Map(v.vacancy.skills.map((s) => [s.skillId, s.label])),
  );
  const explanation = explain(match(v.requirements, held, neighbours), names, new Map());
  return {
    target: { kind: 'vacancy', id: v.vacancy.id, label: v.vacancy.title },
    percent: 0,
    missing: explanation.missing,
    suggestions: suggestions.map((s) => {
      const offer = s.option as LearningOffer;
      return {
        kind: offer.kind,
        id: offer.id,
        name: offer.name,
        href: offer.href,
        organisationName: offer.organisationName,
        effort: offer.effort,
        gainPercent: Math.round(s.scoreAfter * 100),
        percentAfter: Math.round(s.scoreAfter * 100),
        closes: s.closes.map((r) => ({ skillId: r.skillId, name: names.get(r.skillId) ?? r.skillId, kind: r.kind })),
      };
    }),
  };
}
