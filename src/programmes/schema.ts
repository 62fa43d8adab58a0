import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Rubric } from './rubric.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A column that may be left out on insert (null then). */
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type ProgrammeStatus = 'draft' | 'published' | 'archived';
export type Enrolment = 'application' | 'open';
export type RenewalMode = 'assessment' | 'claim';
export type EvidenceKind = 'text' | 'file' | 'link';
export type EnrolmentState = 'applied' | 'enrolled' | 'declined' | 'withdrawn';
/** A round of work on a module: open (evidence coming in), submitted (with the assessors), moderation, and the decision. */
export type RoundState = 'open' | 'submitted' | 'moderation' | 'passed' | 'not_passed';
export type RoundPurpose = 'first' | 'retry' | 'renewal';
export type ReviewRole = 'first' | 'second' | 'moderator';

/** A certification programme of an organisation; its certificate is a pathway over its module badges. */
export interface ProgrammesTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  description: string;
  enrolment: Enrolment;
  /** The language its badges are written in (nl, en). */
  language: string;
  status: ProgrammeStatus;
  /** The programme certificate: an achievement of the organisation, the pathway's badge. */
  certificate_achievement_id: string;
  /** The pathway over the module badges (pathways module), made with the first module. */
  pathway_id: string | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A module: aligned to skills, assessed against its rubric, leading to its badge (an achievement). */
export interface ProgrammeModulesTable {
  id: Generated<string>;
  programme_id: string;
  position: number;
  name: string;
  description: string;
  achievement_id: string;
  rubric: JSONColumnType<Rubric>;
  /** Two assessors judge every round; when they differ, a moderator decides. */
  second_assessment: boolean;
  /** The badge expires after this many months (credential validUntil); null: it does not. */
  valid_months: number | null;
  renewal: RenewalMode;
  created_at: Timestamp;
}

export interface ProgrammeAssignmentsTable {
  id: Generated<string>;
  module_id: string;
  position: number;
  title: string;
  instructions: string;
  /** What a submission may hold: text, a file, a link (at least one of those allowed). */
  evidence: JSONColumnType<EvidenceKind[]>;
  created_at: Timestamp;
}

export interface ProgrammeCohortsTable {
  id: Generated<string>;
  programme_id: string;
  name: string;
  /** Calendar days, YYYY-MM-DD. */
  starts_on: string;
  ends_on: string;
  capacity: number;
  enrolment_open: boolean;
  created_at: Timestamp;
}

export interface ProgrammeCohortAssessorsTable {
  cohort_id: string;
  user_id: string;
  added_by: string | null;
  added_at: Timestamp;
}

export interface ProgrammeEnrolmentsTable {
  id: Generated<string>;
  cohort_id: string;
  programme_id: string;
  user_id: string;
  state: EnrolmentState;
  motivation: string;
  decided_by: string | null;
  decided_at: Timestamp | null;
  created_at: Timestamp;
}

/** One attempt at a module by a participant: its evidence, its reviews and the decision. */
export interface ProgrammeRoundsTable {
  id: Generated<string>;
  enrolment_id: string;
  module_id: string;
  number: number;
  purpose: RoundPurpose;
  /** assessment: evidence for every assignment, judged on the rubric; claim: a renewal claim approved with the levels held. */
  mode: RenewalMode;
  state: RoundState;
  claim_text: Generated<string>;
  claim_link: Nullable<string>;
  /** The decided level key per criterion key. */
  levels: JSONColumnType<Record<string, string> | null, string | undefined, string>;
  decided_by: Nullable<string>;
  decided_at: Nullable<Date>;
  credential_id: Nullable<string>;
  credential_url: Nullable<string>;
  valid_until: Nullable<Date>;
  /** The round whose credential a renewal renews. */
  renews_round_id: Nullable<string>;
  /** The public page of the evidence, once a credential points to it. */
  evidence_token: string;
  created_at: Timestamp;
}

export interface ProgrammeSubmissionsTable {
  id: Generated<string>;
  round_id: string;
  assignment_id: string;
  text: Generated<string>;
  link: Nullable<string>;
  file_name: Nullable<string>;
  file_mime: Nullable<string>;
  file_size: Nullable<number>;
  file_data: Nullable<Buffer>;
  submitted_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface ProgrammeReviewsTable {
  id: Generated<string>;
  round_id: string;
  assessor_id: string;
  role: ReviewRole;
  levels: JSONColumnType<Record<string, string>>;
  comment: string;
  /** The assessor asks for a moderator to decide. */
  moderation_requested: boolean;
  created_at: Timestamp;
}

/** A versioned knowledge page of a programme. */
export interface ProgrammePlaybookPagesTable {
  id: Generated<string>;
  programme_id: string;
  title: string;
  body: string;
  version: number;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProgrammePlaybookVersionsTable {
  page_id: string;
  version: number;
  title: string;
  body: string;
  edited_by: string | null;
  created_at: Timestamp;
}

/** The network operator's accreditation of a programme or an issuer: an endorsement (endorsements module). */
export interface ProgrammeAccreditationsTable {
  id: Generated<string>;
  subject_kind: 'programme' | 'issuer';
  programme_id: string | null;
  /** The organisation accredited: the issuer, or the programme's organisation. */
  organisation_id: string;
  /** The accrediting organisation (its key signs the endorsement). */
  accreditor_id: string;
  endorsement_id: string;
  created_by: string | null;
  created_at: Timestamp;
}

/** One expiry reminder per credential and period (its validUntil): claimed, then sent. */
export interface ProgrammeRemindersTable {
  credential_id: string;
  valid_until: Timestamp;
  round_id: string;
  claimed_at: Timestamp;
  sent_at: Timestamp | null;
}

declare module '../platform/db/schema.ts' {
  interface Database {
    programmes: ProgrammesTable;
    programme_modules: ProgrammeModulesTable;
    programme_assignments: ProgrammeAssignmentsTable;
    programme_cohorts: ProgrammeCohortsTable;
    programme_cohort_assessors: ProgrammeCohortAssessorsTable;
    programme_enrolments: ProgrammeEnrolmentsTable;
    programme_rounds: ProgrammeRoundsTable;
    programme_submissions: ProgrammeSubmissionsTable;
    programme_reviews: ProgrammeReviewsTable;
    programme_playbook_pages: ProgrammePlaybookPagesTable;
    programme_playbook_versions: ProgrammePlaybookVersionsTable;
    programme_accreditations: ProgrammeAccreditationsTable;
    programme_reminders: ProgrammeRemindersTable;
  }
}

/** The tables of the programmes module; no other module names them in its SQL (test/boundaries.test.ts). */
export const tables = [
  'programmes',
  'programme_modules',
  'programme_assignments',
  'programme_cohorts',
  'programme_cohort_assessors',
  'programme_enrolments',
  'programme_rounds',
  'programme_submissions',
  'programme_reviews',
  'programme_playbook_pages',
  'programme_playbook_versions',
  'programme_accreditations',
  'programme_reminders',
] as const;
