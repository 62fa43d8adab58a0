import { errorCodes } from '../../platform/errors.ts';

/** Error codes of reports, the knowledge base and outputs (texts: `communities:errors.<name>`). */
export const ReportErrors = errorCodes('communities', {
  reportNotFound: 404,
  /** The session has a report already: tick "replace" to draft it again. */
  reportExists: 409,
  /** Someone saved the report after the editor opened it: the newer text is shown. */
  reportConflict: 409,
  /** Published reports are not drafted again. */
  reportPublished: 409,
  /** {ref}: not a skill of the library. */
  skillNotInLibrary: 400,
  knowledgeNotFound: 404,
  /** Choose one of this community's themes. */
  themeOfCommunity: 400,
});
