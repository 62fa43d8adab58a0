import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import { partBTables } from './part-b-tables.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** Who may join: anyone (open), anyone a facilitator accepts (request), or only whom a facilitator adds (invitation). */
export type Visibility = 'open' | 'request' | 'invitation';
export const VISIBILITIES: readonly Visibility[] = ['open', 'request', 'invitation'];

/** A person's place in a community: facilitators manage it; guest experts bring an angle. */
export type MemberRole = 'facilitator' | 'member' | 'expert';
export const MEMBER_ROLES: readonly MemberRole[] = ['facilitator', 'member', 'expert'];
/** `requested`: asked to join an open-by-request community; `active`: a member. */
export type MemberStatus = 'active' | 'requested';

export type SessionKind = 'community' | 'clinic' | 'reflection' | 'hackathon' | 'open-space' | 'network' | 'webinar';
export const SESSION_KINDS: readonly SessionKind[] = ['community', 'clinic', 'reflection', 'hackathon', 'open-space', 'network', 'webinar'];

export type RegistrationStatus = 'registered' | 'waiting' | 'cancelled';

export interface CommunitiesTable {
  id: Generated<string>;
  /** The organisation that hosts the community (and issues its participation badges). */
  organisation_id: string;
  slug: string;
  name: string;
  purpose: string;
  visibility: Visibility;
  /** The community's region (a province by its Dutch name, a municipality): whose vacancies its themes' demand reads. */
  province: ColumnType<string | null, string | null | undefined, string | null>;
  municipality: ColumnType<string | null, string | null | undefined, string | null>;
  /** The secret of the community's subscribable calendar feed. */
  feed_token: string;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CommunityMembersTable {
  community_id: string;
  user_id: string;
  role: MemberRole;
  status: MemberStatus;
  /** A guest expert's angle (didactic, change management, organisational, …). */
  angle: string | null;
  /** Selected into the core group (from a call for applications, or by hand). */
  core: Generated<boolean>;
  joined_at: Timestamp;
}

/** A theme: a year's work of the community, framed as Why, What and How, about library skills. */
export interface CommunityThemesTable {
  id: Generated<string>;
  community_id: string;
  title: string;
  why: string;
  what: string;
  how: string;
  /** Library skill ids. */
  skill_ids: JSONColumnType<string[]>;
  starts_on: string | null;
  ends_on: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A goal of a theme for its year, with its progress in percent. */
export interface CommunityGoalsTable {
  id: Generated<string>;
  theme_id: string;
  title: string;
  progress: number;
  position: number;
  created_at: Timestamp;
}

/** One agenda item as a template or session holds it. */
export interface AgendaItemInput {
  title: string;
  minutes: number;
}

/** A facilitator's own agenda template (the built-in ones live in templates.ts). */
export interface CommunityTemplatesTable {
  id: Generated<string>;
  community_id: string;
  name: string;
  kind: SessionKind;
  items: JSONColumnType<AgendaItemInput[]>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CommunitySessionsTable {
  id: Generated<string>;
  community_id: string;
  theme_id: string | null;
  kind: SessionKind;
  title: string;
  description: string;
  /** The template it was made from: `builtin:<kind>` or a saved template's id. */
  template: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  /** IANA time zone the session is held in (Europe/Amsterdam). */
  time_zone: string;
  place: string | null;
  online_url: string | null;
  /** Null: no limit. */
  capacity: number | null;
  cancelled_at: Timestamp | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CommunityAgendaItemsTable {
  id: Generated<string>;
  session_id: string;
  position: number;
  title: string;
  minutes: number;
  /** Who leads it: a member, or a name (a guest). */
  lead_user_id: string | null;
  lead_name: string | null;
}

export interface CommunityRegistrationsTable {
  session_id: string;
  user_id: string;
  status: RegistrationStatus;
  /** The waiting list's order: first registered, first promoted. */
  registered_at: Timestamp;
  updated_at: Timestamp;
  /** When the reminder mail went (null: not yet), so the reminder job sends it once. */
  reminded_at: Timestamp | null;
}

/** A call for applications: questions applicants answer; facilitators select a core group from them. */
export interface CommunityCallsTable {
  id: Generated<string>;
  community_id: string;
  title: string;
  description: string;
  questions: JSONColumnType<string[]>;
  closes_on: string | null;
  closed_at: Timestamp | null;
  created_by: string | null;
  created_at: Timestamp;
}

export type ApplicationStatus = 'submitted' | 'selected' | 'declined';

export interface CommunityApplicationsTable {
  id: Generated<string>;
  call_id: string;
  user_id: string;
  /** One answer per question of the call, in order. */
  answers: JSONColumnType<string[]>;
  status: ApplicationStatus;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  created_at: Timestamp;
}

export type ActionStatus = 'open' | 'done' | 'dropped';
export const ACTION_STATUSES: readonly ActionStatus[] = ['open', 'done', 'dropped'];

/** An action item: made in a session (or on a theme), owned by a member, with a due date. */
export interface CommunityActionsTable {
  id: Generated<string>;
  community_id: string;
  session_id: string | null;
  theme_id: string | null;
  title: string;
  owner_user_id: string | null;
  due_on: string | null;
  status: ActionStatus;
  done_at: Timestamp | null;
  /** When the overdue reminder went, so the job mails it once. */
  overdue_mailed_at: Timestamp | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type CheckInMethod = 'code' | 'facilitator';

export interface CommunityAttendanceTable {
  session_id: string;
  user_id: string;
  method: CheckInMethod;
  recorded_by: string | null;
  checked_in_at: Timestamp;
}

/** What someone did in a session that a badge rule may count. Part B records breakouts and clinic solutions. */
export type ContributionKind = 'presented' | 'led-breakout' | 'clinic-solution';
export const CONTRIBUTION_KINDS: readonly ContributionKind[] = ['presented', 'led-breakout', 'clinic-solution'];

export interface CommunityContributionsTable {
  session_id: string;
  user_id: string;
  kind: ContributionKind;
  recorded_at: Timestamp;
}

export type RuleKind = 'attended' | ContributionKind | 'completed-year';
export const RULE_KINDS: readonly RuleKind[] = ['attended', 'presented', 'led-breakout', 'clinic-solution', 'completed-year'];

/** A participation badge rule: when a member meets it, the achievement is issued to them once. */
export interface CommunityBadgeRulesTable {
  id: Generated<string>;
  community_id: string;
  theme_id: string | null;
  kind: RuleKind;
  /** How many sessions (attended, presented, …) it takes; for completed-year, sessions of the theme attended. */
  threshold: number;
  /** An achievement of the community's organisation. */
  achievement_id: string;
  /** The facilitator (an issuer of the organisation) in whose name the badges are issued. */
  issuer_user_id: string;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface CommunityBadgeAwardsTable {
  rule_id: string;
  user_id: string;
  credential_id: string;
  issued_at: Timestamp;
}

/** An invitation by mail to join (as a member, facilitator or guest expert with an angle). */
export interface CommunityInvitationsTable {
  id: Generated<string>;
  community_id: string;
  /** Normalised; the person accepts signed in with this confirmed address. */
  email: string;
  role: MemberRole;
  angle: string | null;
  token_hash: string;
  invited_by: string | null;
  created_at: Timestamp;
  accepted_at: Timestamp | null;
}

/** A person's secret for their subscribable calendar feed of every session they registered for. */
export interface CommunityFeedTokensTable {
  user_id: string;
  token: string;
  created_at: Timestamp;
}

/** The tables of the communities module; no other module names them in its SQL (test/boundaries.test.ts). */
export const tables = [
  'communities',
  'community_members',
  'community_themes',
  'community_goals',
  'community_templates',
  'community_sessions',
  'community_agenda_items',
  'community_registrations',
  'community_calls',
  'community_applications',
  'community_actions',
  'community_attendance',
  'community_contributions',
  'community_badge_rules',
  'community_badge_awards',
  'community_invitations',
  'community_feed_tokens',
  ...partBTables,
] as const;

declare module '../platform/db/schema.ts' {
  interface Database {
    communities: CommunitiesTable;
    community_members: CommunityMembersTable;
    community_themes: CommunityThemesTable;
    community_goals: CommunityGoalsTable;
    community_templates: CommunityTemplatesTable;
    community_sessions: CommunitySessionsTable;
    community_agenda_items: CommunityAgendaItemsTable;
    community_registrations: CommunityRegistrationsTable;
    community_calls: CommunityCallsTable;
    community_applications: CommunityApplicationsTable;
    community_actions: CommunityActionsTable;
    community_attendance: CommunityAttendanceTable;
    community_contributions: CommunityContributionsTable;
    community_badge_rules: CommunityBadgeRulesTable;
    community_badge_awards: CommunityBadgeAwardsTable;
    community_invitations: CommunityInvitationsTable;
    community_feed_tokens: CommunityFeedTokensTable;
  }
}
