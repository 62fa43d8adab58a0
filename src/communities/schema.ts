import type { ColumnType, Generated, JSONColumnType } from 'kysely';

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
  }
}
