/**
 * The public face of the programmes module: the only file of it that other modules import
 * (test/boundaries.test.ts). Certification programmes (issue 11, part B): programmes, modules with
 * rubrics and badges, cohorts, enrolment, submitted work, assessment, playbooks and accreditation.
 */
export type { Programme } from './access.ts';
export { getProgramme, listProgrammes, type Module } from './programmes.ts';
export { sendReminders } from './reminders.ts';
