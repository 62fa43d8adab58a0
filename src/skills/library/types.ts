import type { JSONColumnType } from 'kysely';
import type { LangList, LangMap, NamedReference, SkillStatus } from '../schema.ts';

/**
 * An occupation a skill is used in (RSD `occupations`). Kept on the skill itself as a list in the
 * `skills.occupations` column (migration 10-skills-030), so that free-text occupations and codes of
 * other frameworks (O*NET, SOC) are kept as given. When `id` is an ESCO occupation URI that is in the
 * occupations table, reads add `occupationId` (the local row) so pages can link to it; the name is
 * filled from that row when the writer gave none.
 */
export interface OccupationReference {
  id?: string;
  name?: string;
  code?: string;
  framework?: string;
}

declare module '../schema.ts' {
  interface SkillsTable {
    occupations: JSONColumnType<OccupationReference[]>;
  }
}

/** What a writer gives to create or change an own skill. Omitted fields stay as they are. */
export interface SkillInput {
  name?: LangMap;
  statement?: LangMap;
  keywords?: LangList;
  categories?: string[];
  standards?: NamedReference[];
  certifications?: NamedReference[];
  occupations?: OccupationReference[];
  employers?: NamedReference[];
  alignments?: NamedReference[];
  author?: string | null;
}

export interface NewSkillInput extends SkillInput {
  /** The curating organisation; the writer must be its owner, admin or issuer (or the operator). */
  organisationId: string;
  name: LangMap;
  /** Imports may keep the uuid of the file; otherwise a new one is made. */
  id?: string;
  /** Imports may create published or archived skills at once; default draft. */
  status?: SkillStatus;
}

/** A skill as services hand it out (own skills and ESCO skills alike). */
export interface Skill {
  id: string;
  /** Canonical URL: `${BASE_URL}/skills/${id}`. */
  uri: string;
  source: 'esco' | 'local';
  kind: 'skill' | 'group';
  externalUri: string | null;
  skillType: string | null;
  organisationId: string | null;
  name: LangMap;
  statement: LangMap;
  keywords: LangList;
  altLabels: LangList;
  categories: string[];
  standards: NamedReference[];
  certifications: NamedReference[];
  occupations: (OccupationReference & { occupationId?: string })[];
  employers: NamedReference[];
  alignments: NamedReference[];
  author: string | null;
  status: SkillStatus;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  archivedAt: Date | null;
  /** Collections the viewer may see that hold this skill. */
  collections: { id: string; uri: string; name: LangMap; status: SkillStatus }[];
}

export interface CollectionInput {
  name?: LangMap;
  description?: LangMap;
  author?: string | null;
}

export interface NewCollectionInput extends CollectionInput {
  organisationId: string;
  name: LangMap;
  id?: string;
  status?: SkillStatus;
}

export interface Collection {
  id: string;
  uri: string;
  externalKey: string | null;
  organisationId: string | null;
  name: LangMap;
  description: LangMap;
  author: string | null;
  status: SkillStatus;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  skillCount: number;
}

export interface HistoryEntry {
  id: string;
  skillId: string;
  userId: string | null;
  userName: string | null;
  action: string;
  changes: Record<string, { from: unknown; to: unknown }>;
  at: Date;
}

export interface AlignmentSuggestion {
  escoSkillId: string;
  escoUri: string;
  name: LangMap;
  score: number;
  status: 'suggested' | 'accepted' | 'rejected';
  decidedBy: string | null;
  decidedAt: Date | null;
}
