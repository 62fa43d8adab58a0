/**
 * The public face of the communities module: the only file of it that other modules import
 * (test/boundaries.test.ts). Communities of practice: themes, sessions, attendance, action items
 * and participation badges.
 */
export { accessCommunity, type CommunityAccess, type CommunityRow, findCommunity } from './communities.ts';
export { recordContribution } from './attendance.ts';
export { type SessionRow, accessSession } from './sessions.ts';
export { addCommunitySection, addSessionSection, addThemeSection } from './sections.ts';
export { addTimelineSource, type TimelineEntry } from './themes.ts';
export type { ContributionKind, SessionKind } from './schema.ts';
export { accessTheme, type ThemeRow } from './themes.ts';
export { addAgendaItem, agendaOf } from './sessions.ts';
export { nextSessionOfTheme, type SkillTheme, themesForSkills } from './skill-themes.ts';
