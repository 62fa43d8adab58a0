import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** What a session's report is drafted from, besides the other parts' work: the presentation's summary. */
export interface CommunitySessionRecordsTable {
  session_id: string;
  presentation_summary: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** A decision taken at a session. */
export interface CommunityDecisionsTable {
  id: Generated<string>;
  session_id: string;
  body: string;
  created_by: string | null;
  created_at: Timestamp;
}

export type ReportStatus = 'draft' | 'published';

/** A session's report: drafted from its work, edited by a facilitator (Markdown), then published. */
export interface CommunityReportsTable {
  id: Generated<string>;
  community_id: string;
  session_id: string;
  theme_id: string | null;
  title: string;
  /** Markdown. */
  body: string;
  /** Library skill ids it is tagged with. */
  skill_ids: JSONColumnType<string[]>;
  status: ReportStatus;
  /** Raised on every save: a save over a newer version is refused (409). */
  version: Generated<number>;
  published_at: Timestamp | null;
  published_by: string | null;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type KnowledgeKind = 'practice' | 'lesson';
export const KNOWLEDGE_KINDS: readonly KnowledgeKind[] = ['practice', 'lesson'];

/** A best practice or lesson learned, in the community's knowledge base with its published reports. */
export interface CommunityKnowledgeTable {
  id: Generated<string>;
  community_id: string;
  theme_id: string | null;
  kind: KnowledgeKind;
  title: string;
  body: string;
  skill_ids: JSONColumnType<string[]>;
  created_by: string | null;
  created_at: Timestamp;
}

export type OutputKind = 'use-case' | 'skill-descriptors' | 'funding-application' | 'explainer';
export const OUTPUT_KINDS: readonly OutputKind[] = ['use-case', 'skill-descriptors', 'funding-application', 'explainer'];

/** What a theme's work grows into: a use case, a set of skill descriptors, a funding application. */
export interface CommunityOutputsTable {
  id: Generated<string>;
  community_id: string;
  theme_id: string;
  kind: OutputKind;
  title: string;
  description: string;
  url: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export const reportTables = [
  'community_session_records',
  'community_decisions',
  'community_reports',
  'community_knowledge',
  'community_outputs',
] as const;

declare module '../../platform/db/schema.ts' {
  interface Database {
    community_session_records: CommunitySessionRecordsTable;
    community_decisions: CommunityDecisionsTable;
    community_reports: CommunityReportsTable;
    community_knowledge: CommunityKnowledgeTable;
    community_outputs: CommunityOutputsTable;
  }
}
