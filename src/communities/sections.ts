import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import type { CommunityAccess } from './communities.ts';

/**
 * A section a part of the module adds to the community page (a join form, latest reports, the
 * facilitator's charts): rendered HTML, or '' for nothing. Parts register theirs with
 * `addCommunitySection` when the module loads; they show in the order registered.
 */
export type CommunitySection = (ctx: AppContext, request: FastifyRequest, access: CommunityAccess) => Promise<string> | string;

const sections: CommunitySection[] = [];

export function addCommunitySection(section: CommunitySection): void {
  sections.push(section);
}

export async function communitySections(ctx: AppContext, request: FastifyRequest, access: CommunityAccess): Promise<JSX.Element[]> {
  const out: JSX.Element[] = [];
  for (const section of sections) out.push(await section(ctx, request, access));
  return out;
}

/** A section a part adds to a theme's page (outputs, lessons learned, attendance): rendered HTML or ''. */
export type ThemeSection = (ctx: AppContext, request: FastifyRequest, access: CommunityAccess, themeId: string) => Promise<string> | string;

const themeSectionList: ThemeSection[] = [];

export function addThemeSection(section: ThemeSection): void {
  themeSectionList.push(section);
}

export async function themeSections(
  ctx: AppContext,
  request: FastifyRequest,
  access: CommunityAccess,
  themeId: string,
): Promise<JSX.Element[]> {
  const out: JSX.Element[] = [];
  for (const section of themeSectionList) out.push(await section(ctx, request, access, themeId));
  return out;
}

/** A section a part adds to a session's page (guiding questions, breakouts, clinic solutions, the report): rendered HTML or ''. */
export type SessionSection = (
  ctx: AppContext,
  request: FastifyRequest,
  access: CommunityAccess,
  sessionId: string,
) => Promise<string> | string;

const sessionSectionList: SessionSection[] = [];

export function addSessionSection(section: SessionSection): void {
  sessionSectionList.push(section);
}

export async function sessionSections(
  ctx: AppContext,
  request: FastifyRequest,
  access: CommunityAccess,
  sessionId: string,
): Promise<JSX.Element[]> {
  const out: JSX.Element[] = [];
  for (const section of sessionSectionList) out.push(await section(ctx, request, access, sessionId));
  return out;
}
