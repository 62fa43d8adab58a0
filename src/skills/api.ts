/**
 * The public face of the skills module: the only file of it that other modules import
 * (test/boundaries.test.ts). Skills are read as a viewer sees them; a skill's URI is its identity
 * in credentials and exports.
 */
export {
  findSkillId,
  getCollection,
  getSkill,
  listCollectionSkills,
  listCollections,
  listSkills,
  type SkillFilter,
  skillUri,
  type Viewer,
} from './library/service.ts';
export { demoSkillIds } from './library/demo.ts';
export type { Collection } from './library/types.ts';
export type { Skill } from './library/types.ts';
export { broaderTrail, type SkillSummary } from './browse/service.ts';
export { occupationNames, occupationSkillLinks, type OccupationSkillLink, skillNames, skillNeighbourLinks } from './library/relations.ts';
export { SkillPickerField } from './pages/picker.tsx';
export { type OccupationItem, type OccupationSearchResult, searchOccupations } from './search/occupations.ts';
export { type SearchItem, searchSkills } from './search/service.ts';
export { editDistance, englishStem, splitCompound } from './search/text.ts';
export {
  type LibraryVocabulary,
  librarySignature,
  libraryVocabulary,
  type VocabularyOccupation,
  type VocabularySkill,
} from './search/vocabulary.ts';
