import { errorCodes } from '../../platform/errors.ts';

/** Error codes of the shared notes (texts: `communities:errors.<name>`). */
export const NoteErrors = errorCodes('communities', {
  noteSetNotFound: 404,
  noteBlockNotFound: 404,
  /** Someone saved this block after the writer opened it: the newer text is shown, theirs kept. */
  noteConflict: 409,
  /** Only the group's members (and the facilitators) write its notes. */
  notInGroup: 403,
  /** {max}: a set of notes holds at most this many blocks. */
  tooManyNoteBlocks: 409,
});
