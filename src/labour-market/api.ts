/**
 * The public face of the labour-market module: the only file of it that other modules import
 * (test/boundaries.test.ts). Vacancies harvested from sites, feeds and the API, de-duplicated, with
 * the skills they ask for.
 */
export { currentVacanciesForSkill, getVacancy, listVacancies, type VacancyFilter, type VacancySummary } from './vacancies.ts';
export { submitVacancy, type SubmittedVacancy } from './submit.ts';
export { type MatchableVacancy, matchableVacancies } from './matchable.ts';
export { addVacancySection, type VacancyForSection, type VacancySection } from './sections.ts';
export { type DemandPartition, demandBySkill, demandPartitions, skillPairs, vacanciesByDay } from './demand.ts';
export { canonicalProvince, PROVINCES } from './regions.ts';
